/**
 * The Graph/WhatsApp error codes the emulator produces, with Meta's title, the
 * HTTP status of Meta's error table (whatsapp-cloud-api.md §3.3) and, where
 * Meta sends one, the usual subcode and details sentence. Clients branch on
 * `code`; the titles are here so the `message` reads exactly like Meta's.
 */
export interface MetaErrorSpec {
  title: string;
  httpStatus: number;
  details?: string;
  subcode?: number;
}

export const META_ERRORS: Readonly<Record<number, MetaErrorSpec>> = {
  0: { title: 'AuthException', httpStatus: 401 },
  1: {
    title: 'API Unknown',
    httpStatus: 400,
    details: 'Invalid request or possible server error.',
  },
  2: {
    title: 'API Service',
    httpStatus: 503,
    details: 'Temporary due to downtime or due to being overloaded.',
  },
  3: {
    title: 'API Method',
    httpStatus: 500,
    details: 'Capability or permissions issue.',
  },
  4: {
    title: 'Application request limit reached',
    httpStatus: 400,
    details: 'The app has reached its API call rate limit.',
  },
  10: {
    title: 'Permission Denied',
    httpStatus: 403,
    details: 'Permission is either not granted or has been removed.',
  },
  33: {
    title: 'Parameter value is not valid',
    httpStatus: 400,
    details: 'The business phone number has been deleted.',
  },
  100: { title: 'Invalid parameter', httpStatus: 400 },
  190: {
    title: 'Invalid OAuth access token - Cannot parse access token',
    httpStatus: 401,
  },
  200: { title: 'Permissions error', httpStatus: 403 },
  368: {
    title: 'Temporarily blocked for policies violations',
    httpStatus: 403,
    details: 'The WhatsApp Business Account associated with the app has been restricted or disabled for violating a platform policy.',
  },
  80007: {
    title: 'Rate limit issues',
    httpStatus: 400,
    details: 'The WhatsApp Business Account has reached its rate limit.',
  },
  130429: {
    title: 'Rate limit hit',
    httpStatus: 400,
    subcode: 2494055,
    details: 'Cloud API message throughput has been reached.',
  },
  130472: {
    title: "User's number is part of an experiment",
    httpStatus: 400,
    details: "Failed to send message because this user's phone number is part of an experiment.",
  },
  130497: {
    title: 'Business account is restricted from messaging users in this country',
    httpStatus: 403,
  },
  131000: {
    title: 'Something went wrong',
    httpStatus: 500,
    details: 'Message failed to send due to an unknown error.',
  },
  131005: {
    title: 'Access denied',
    httpStatus: 403,
    details: 'Permission is either not granted or has been removed.',
  },
  131008: { title: 'Required parameter is missing', httpStatus: 400 },
  131009: { title: 'Parameter value is not valid', httpStatus: 400 },
  131016: {
    title: 'Service unavailable',
    httpStatus: 500,
    details: 'A service is temporarily unavailable.',
  },
  131021: {
    title: 'Recipient cannot be sender',
    httpStatus: 400,
    details: 'Sender and recipient phone number is the same.',
  },
  131026: {
    title: 'Message undeliverable',
    httpStatus: 400,
    details:
      'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted our new Terms of Service and Privacy Policy; the recipient is using an old WhatsApp version.',
  },
  131030: {
    title: 'Recipient phone number not in allowed list',
    httpStatus: 400,
    details: 'Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again.',
  },
  131031: {
    title: 'Account has been locked',
    httpStatus: 403,
    details: 'Business Account locked.',
  },
  131042: {
    title: 'Business eligibility payment issue',
    httpStatus: 400,
    details: 'There was an error related to your payment method.',
  },
  131045: {
    title: 'Incorrect certificate',
    httpStatus: 500,
    details: 'Message failed to send due to a phone number registration error.',
  },
  131047: {
    title: 'Re-engagement message',
    httpStatus: 400,
    details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131048: {
    title: 'Spam rate limit hit',
    httpStatus: 400,
    details:
      'Message failed to send because there are restrictions on how many messages can be sent from this phone number. This may be because too many previous messages were blocked or flagged as spam.',
  },
  131049: {
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    httpStatus: 400,
    details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
  },
  131050: {
    title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business',
    httpStatus: 400,
  },
  131051: {
    title: 'Unsupported message type',
    httpStatus: 400,
    details: 'Unsupported message type.',
  },
  131052: {
    title: 'Media download error',
    httpStatus: 400,
    details: 'Unable to download the media sent by the user.',
  },
  131053: {
    title: 'Media upload error',
    httpStatus: 400,
    details: 'Unable to upload the media used in the message.',
  },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    httpStatus: 400,
    subcode: 2494071,
    details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
  },
  131057: {
    title: 'Account in maintenance mode',
    httpStatus: 500,
    details: 'Business Account is in maintenance mode.',
  },
  132000: {
    title: 'Number of parameters does not match the expected number of params',
    httpStatus: 400,
  },
  132001: {
    title: 'Template name does not exist in the translation',
    httpStatus: 404,
  },
  132005: {
    title: 'Translated text too long',
    httpStatus: 400,
    details: 'Translated text is too long.',
  },
  132007: {
    title: 'Template Format Character Policy Violated',
    httpStatus: 400,
    details: 'Template content violates a WhatsApp policy.',
  },
  132012: {
    title: 'Parameter format does not match format in the created template',
    httpStatus: 400,
  },
  132015: {
    title: 'Template is Paused',
    httpStatus: 400,
    details: 'Template is paused due to low quality so it cannot be sent in a template message.',
  },
  132016: {
    title: 'Template is Disabled',
    httpStatus: 400,
    details: 'Template has been paused too many times due to low quality and is now permanently disabled.',
  },
  132018: {
    title: 'There was an issue with the parameters in your template.',
    httpStatus: 400,
    details: 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
  },
  133004: {
    title: 'Server temporarily unavailable',
    httpStatus: 503,
    details: 'Server is temporarily unavailable.',
  },
  133010: {
    title: 'Phone number Not Registered',
    httpStatus: 400,
    details: 'The phone number is not registered on the WhatsApp Business Platform.',
  },
  135000: {
    title: 'Generic user error',
    httpStatus: 400,
    details: 'Message failed to send because of an unknown error with your request parameters.',
  },
  2500: { title: 'Unknown path components', httpStatus: 400 },
};

/** A code nobody catalogued (a test may inject any code): Meta's generic shape with a 400. */
export function metaErrorSpec(code: number): MetaErrorSpec {
  return META_ERRORS[code] ?? { title: 'Unknown error', httpStatus: 400 };
}

export const META_ERROR_HREF = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';
