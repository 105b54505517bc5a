import { z } from 'zod';

const id = z.string().trim().min(1).max(100);

/** The removal's confirmation step (the manager's "remove person" card). */
export const dataProtectionVerbs = {
  'person.remove': z.object({ personId: id }),
  'person.remove-cancel': z.object({ personId: id }),
};
