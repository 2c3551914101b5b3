import { META_ERROR_HREF, metaErrorSpec } from './meta-error-catalogue';

export type GraphErrorType = 'OAuthException' | 'GraphMethodException';

/** The `error` object of Meta's synchronous error envelope (whatsapp-cloud-api.md §3.1). */
export interface MetaErrorBody {
  message: string;
  type: GraphErrorType;
  code: number;
  error_data?: { messaging_product: 'whatsapp'; details: string };
  error_subcode?: number;
  fbtrace_id: string;
}

export interface MetaErrorEnvelope {
  error: MetaErrorBody;
}

/** An error object inside `statuses[].errors[]` / `messages[].errors[]` (§3.2). */
export interface AsyncMetaError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href: string;
}

interface RejectionOptions {
  details?: string;
  /** Replaces the `(#code) title` message, e.g. `(#100) The parameter to is required.` */
  message?: string;
  subcode?: number;
  type?: GraphErrorType;
  /** Graph-level errors (token, unknown node) carry no `error_data`. */
  withoutErrorData?: boolean;
  httpStatus?: number;
  /** Fields some Graph errors add (`is_transient`, `error_user_title`, `error_user_msg`). */
  extra?: Record<string, unknown>;
}

/**
 * A request Meta would refuse: the code, the HTTP status and the sentence
 * Meta writes. Validators throw it (it is rare and must stop the whole check);
 * the hot send path returns it instead, so a burst of 130429 costs no stack
 * trace.
 */
export class MetaRejection extends Error {
  readonly code: number;
  readonly httpStatus: number;
  readonly details: string | undefined;
  readonly subcode: number | undefined;
  readonly type: GraphErrorType;
  readonly withoutErrorData: boolean;
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: number, options: RejectionOptions = {}) {
    const spec = metaErrorSpec(code);
    super(options.message ?? `(#${code}) ${spec.title}`);
    this.name = 'MetaRejection';
    this.code = code;
    this.httpStatus = options.httpStatus ?? spec.httpStatus;
    this.details = options.details ?? spec.details;
    this.subcode = options.subcode ?? spec.subcode;
    this.type = options.type ?? 'OAuthException';
    this.withoutErrorData = options.withoutErrorData ?? false;
    this.extra = options.extra;
  }

  toEnvelope(fbtraceId: string): MetaErrorEnvelope {
    // Built in Meta's key order, fbtrace_id last.
    const error = {
      message: this.message,
      type: this.type,
      code: this.code,
    } as MetaErrorBody;
    if (!this.withoutErrorData)
      error.error_data = {
        messaging_product: 'whatsapp',
        details: this.details ?? this.message,
      };
    if (this.subcode !== undefined) error.error_subcode = this.subcode;
    if (this.extra) Object.assign(error, this.extra);
    error.fbtrace_id = fbtraceId;
    return { error };
  }
}

/** `(#100) The parameter X is required.` — Meta's wording for a missing top-level field. */
export function missingParameter(path: string, code: 100 | 131008 = 100): MetaRejection {
  const sentence = `The parameter ${path} is required.`;
  return code === 100
    ? new MetaRejection(100, {
        message: `(#100) ${sentence}`,
        details: sentence,
      })
    : new MetaRejection(131008, { details: sentence });
}

/** A field of the wrong JSON type: Meta answers 100 naming the parameter. */
export function wrongType(path: string, expected: string): MetaRejection {
  return new MetaRejection(100, {
    details: `Param ${path} must be ${expected}.`,
  });
}

/** A value out of range or too long: 131009 with a sentence naming the field. */
export function invalidValue(details: string): MetaRejection {
  return new MetaRejection(131009, { details });
}

/** 190 as Graph sends it for a garbled, unknown or missing token (§3.5): no error_data. */
export function invalidToken(): MetaRejection {
  return new MetaRejection(190, { withoutErrorData: true });
}

/** Unknown node, or a token not allowed on it (§3.5): GraphMethodException 100/33. */
export function unsupportedRequest(method: string, id: string): MetaRejection {
  return new MetaRejection(100, {
    type: 'GraphMethodException',
    subcode: 33,
    withoutErrorData: true,
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
}

/** What Graph answers for a path it does not route (a bad version segment, an unknown edge). */
export function unknownPath(path: string): MetaRejection {
  return new MetaRejection(2500, {
    withoutErrorData: true,
    message: `Unknown path components: ${path}`,
  });
}

export function asyncError(code: number, details?: string): AsyncMetaError {
  const spec = metaErrorSpec(code);
  return {
    code,
    title: spec.title,
    message: spec.title,
    error_data: { details: details ?? spec.details ?? spec.title },
    href: META_ERROR_HREF,
  };
}
