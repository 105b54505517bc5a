import {
  accentPalette,
  baseLayerLuminance,
  bodyFont,
  controlCornerRadius,
  layerCornerRadius,
  PaletteRGB,
  StandardLuminance,
  SwatchRGB,
} from '@fluentui/web-components';
import type { Theme } from './teams.js';

export const THEMES: { value: Theme; label: string }[] = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'contrast', label: 'High contrast' },
];

const hex = (h: string) => SwatchRGB.create(parseInt(h.slice(1, 3), 16) / 255, parseInt(h.slice(3, 5), 16) / 255, parseInt(h.slice(5, 7), 16) / 255);

/** Teams' brand colour per theme; yellow on black for high contrast, as Teams does. */
const ACCENT: Record<Theme, string> = { light: '#5B5FC7', dark: '#7F85F5', contrast: '#FFFF00' };

let current: Theme = 'light';

/** Applies a theme to our styles (data-theme) and to the Fluent UI components (design tokens). */
export function applyTheme(theme: Theme): void {
  current = theme;
  document.documentElement.dataset.theme = theme;
  const root = document.body;
  baseLayerLuminance.setValueFor(root, theme === 'light' ? StandardLuminance.LightMode : theme === 'dark' ? StandardLuminance.DarkMode : 0);
  accentPalette.setValueFor(root, PaletteRGB.from(hex(ACCENT[theme])));
  bodyFont.setValueFor(root, '"Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", sans-serif');
  controlCornerRadius.setValueFor(root, 4);
  layerCornerRadius.setValueFor(root, 8);
  document.dispatchEvent(new CustomEvent('quorum-theme', { detail: theme }));
}

export const currentTheme = () => current;

/** ?theme=dark|contrast|light for a plain browser; anything else is light. */
export function themeFromQuery(): Theme | undefined {
  const t = new URLSearchParams(location.search).get('theme');
  return t === 'dark' || t === 'contrast' || t === 'light' ? t : t === 'default' ? 'light' : undefined;
}
