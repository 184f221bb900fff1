// One error type for expected failures; one place (api/handler.ts) maps codes to HTTP status and
// one error body shape: { error: { code, message, issues? } }.

export const ERROR_STATUS = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  bad_request: 400,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;

export type TErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly issues?: Array<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** Prisma's unique-constraint violation, recognised by code, never by message text. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

export function isNotFound(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2025";
}

/**
 * A value PostgreSQL refused as data (SQLSTATE class 22: out of range, bad encoding, bad datetime),
 * recognised by Prisma code or the driver's SQLSTATE. Schemas should refuse such input first
 * (lib/shared/schemas.ts); this is the backstop that keeps a missed case a 400, not a 500.
 */
export function isInvalidDataError(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const err = e as { code?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } }; cause?: { originalCode?: unknown; code?: unknown } };
  if (err.code === "P2000" || err.code === "P2007" || err.code === "P2020") return true;
  const sqlstate = [err.meta?.code, err.meta?.driverAdapterError?.cause?.originalCode, err.cause?.originalCode, err.cause?.code, err.code].find((c) => typeof c === "string" && /^22[0-9A-Z]{3}$/.test(c));
  return sqlstate !== undefined;
}
