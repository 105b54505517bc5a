import type { MeView, ViewModels, ViewName } from '../../services/domain/dashboard-views.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type TokenSource = () => Promise<string>;

export class Api {
  constructor(private readonly token: TokenSource) {}

  me(): Promise<MeView> {
    return this.get<MeView>('/api/tab/me');
  }

  view<N extends ViewName>(name: N, params: Record<string, string | undefined> = {}): Promise<ViewModels[N]> {
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
    return this.get<ViewModels[N]>(`/api/tab/views/${name}${query ? `?${query}` : ''}`);
  }

  private async get<T>(path: string): Promise<T> {
    const res = await fetch(path, { headers: { Authorization: `Bearer ${await this.token()}`, Accept: 'application/json' } });
    const body = (await res.json().catch(() => undefined)) as (T & { error?: { code: string; message: string } }) | undefined;
    if (!res.ok) throw new ApiError(res.status, body?.error?.code ?? 'HTTP', body?.error?.message ?? `The server answered ${res.status}.`);
    return body as T;
  }
}

export interface TabConfig {
  sso: boolean;
  devSignIn: boolean;
}

export async function tabConfig(): Promise<TabConfig> {
  const res = await fetch('/api/tab/config');
  return res.ok ? ((await res.json()) as TabConfig) : { sso: false, devSignIn: false };
}
