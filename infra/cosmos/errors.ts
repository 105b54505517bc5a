/** Cosmos status codes as the SDK reports them on ErrorResponse.code. */
export const statusOf = (err: unknown): number | undefined => {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
};

export const isConflict = (err: unknown) => statusOf(err) === 409;
export const isPreconditionFailed = (err: unknown) => statusOf(err) === 412;
export const isNotFound = (err: unknown) => statusOf(err) === 404;
