/**
 * Cloud API error codes (whatsapp-cloud-api.md §3.3, from Meta's error-codes
 * page). `httpStatus` is the column of Meta's older table: the emulator answers
 * with it, clients must not branch on it. Where that table has no status we use
 * 400, like the neighbouring rows.
 */
/**
 * What a sender does about an error. Switch over it exhaustively (see
 * `isRetryableHandling`): adding a value must break every switch that forgets it.
 *
 * - `retry`: transient on Meta's side; retry with exponential backoff.
 * - `throughput`: the number (or app) is over its rate; slow the whole number down.
 * - `pair_limit`: too many messages to this one recipient; wait 4^n s for them only.
 * - `maintenance`: the account is briefly unavailable; retry after about a minute.
 * - `permanent`: the request or the recipient is the problem; fix it, never retry as is.
 * - `reauthorize`: the token is missing, expired or lacks a permission; an operator must act.
 */
export type CloudApiErrorHandling = 'retry' | 'throughput' | 'pair_limit' | 'maintenance' | 'permanent' | 'reauthorize';

export const CLOUD_API_ERROR_HANDLINGS = [
  'retry',
  'throughput',
  'pair_limit',
  'maintenance',
  'permanent',
  'reauthorize',
] as const satisfies readonly CloudApiErrorHandling[];

export interface CloudApiErrorEntry {
  /** Meta's title (Meta is deprecating titles: branch on the code, never on text). */
  title: string;
  /** The status in Meta's older error table; the emulator answers with it. */
  httpStatus: number;
  handling: CloudApiErrorHandling;
  /** What happened, in words an operator understands. */
  help: string;
  /** What to do about it. */
  fix: string;
}

type Entry = CloudApiErrorEntry;

const REFRESH_TOKEN =
  'Create a new access token (system-user token with whatsapp_business_messaging and whatsapp_business_management), save it on the channel, then resend.';
const FIX_PAYLOAD = "Correct the request as Meta's details describe, then send again; resending it unchanged fails the same way.";
const TRANSIENT =
  "Nothing to do: the request is retried with increasing delays. If it keeps failing for an hour, check Meta's status page.";

/** 200–299: one Meta row for the whole range of API-permission codes. */
export const PERMISSION_RANGE_ENTRY: Entry = {
  title: 'API permission',
  httpStatus: 403,
  handling: 'reauthorize',
  help: 'The access token does not carry a permission this request needs, or it was removed.',
  fix: REFRESH_TOKEN,
};

export const CLOUD_API_ERROR_CATALOGUE: Readonly<Record<number, Entry>> = {
  0: {
    title: 'AuthException',
    httpStatus: 401,
    handling: 'reauthorize',
    help: 'Meta could not authenticate the app user: the access token has expired or was invalidated.',
    fix: REFRESH_TOKEN,
  },
  1: {
    title: 'API unknown',
    httpStatus: 400,
    handling: 'retry',
    help: 'Meta could not handle the request: it is malformed, or Meta had a passing server error.',
    fix: "It is retried a few times; if it keeps failing, check the request against Meta's reference and Meta's status page.",
  },
  2: {
    title: 'API service',
    httpStatus: 503,
    handling: 'retry',
    help: "Meta's service is temporarily down or overloaded.",
    fix: TRANSIENT,
  },
  3: {
    title: 'API method',
    httpStatus: 500,
    handling: 'reauthorize',
    help: 'The app lacks the capability or permission this call needs.',
    fix: "Check the token in Meta's access token debugger and grant the app the missing permission, then save the new token.",
  },
  4: {
    title: 'API too many calls',
    httpStatus: 400,
    handling: 'throughput',
    help: 'The app made too many Graph API calls in a short time and Meta is throttling it.',
    fix: 'Calls slow down and resume on their own within minutes; if it keeps happening, make fewer management calls (template syncs, profile reads).',
  },
  10: {
    title: 'Permission denied',
    httpStatus: 403,
    handling: 'reauthorize',
    help: 'The permission this request needs was never granted or was removed, or the feature is not available to this account.',
    fix: REFRESH_TOKEN,
  },
  33: {
    title: 'Parameter value is not valid',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The business phone number or object in the request does not exist any more (for example, the number was deleted).',
    fix: "Check the channel's phone number id and WABA id in Meta's WhatsApp Manager and update the channel.",
  },
  100: {
    title: 'Invalid parameter',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The request has a parameter that is unsupported, misspelt or too long, or names an object that does not exist.',
    fix: FIX_PAYLOAD,
  },
  190: {
    title: 'Access token has expired',
    httpStatus: 401,
    handling: 'reauthorize',
    help: "The channel's access token has expired, was revoked, or is not a token at all.",
    fix: REFRESH_TOKEN,
  },
  368: {
    title: 'Temporarily blocked for policies violations',
    httpStatus: 403,
    handling: 'permanent',
    help: 'Meta has restricted or disabled this WhatsApp Business Account for violating its policies.',
    fix: 'Read the notice in Meta Business Suite, fix the violation or request a review; sending resumes when Meta lifts the restriction.',
  },
  80007: {
    title: 'Rate limit issues',
    httpStatus: 400,
    handling: 'throughput',
    help: 'The WhatsApp Business Account reached its limit of management API calls for the hour.',
    fix: 'Calls slow down and resume on their own; if it keeps happening, refresh templates and profiles less often.',
  },
  130403: {
    title: 'Business blocked the user',
    httpStatus: 400,
    handling: 'permanent',
    help: 'This business has blocked the recipient, so it cannot message them.',
    fix: 'Unblock the user in WhatsApp Manager if messaging them is intended.',
  },
  130429: {
    title: 'Rate limit hit',
    httpStatus: 400,
    handling: 'throughput',
    help: 'This phone number is sending faster than Meta allows (80 messages per second by default).',
    fix: 'Nothing to do: sending slows down and the messages go out shortly. For more throughput, Meta upgrades busy numbers automatically.',
  },
  130472: {
    title: "User's number is part of an experiment",
    httpStatus: 400,
    handling: 'permanent',
    help: "Meta did not send this marketing message because the recipient is in one of Meta's experiment groups.",
    fix: 'Nothing to fix in the message; the recipient will not get it. Do not resend.',
  },
  130497: {
    title: 'Business account is restricted from messaging users in this country',
    httpStatus: 403,
    handling: 'permanent',
    help: "This WhatsApp Business Account may not message users in the recipient's country.",
    fix: "Check Meta's country restrictions for your business; the message cannot be sent from this account.",
  },
  131000: {
    title: 'Something went wrong',
    httpStatus: 500,
    handling: 'retry',
    help: "The message failed for a reason Meta did not explain, usually a passing problem on Meta's side.",
    fix: TRANSIENT,
  },
  131005: {
    title: 'Access denied',
    httpStatus: 403,
    handling: 'reauthorize',
    help: 'The access token is not allowed to do this, for example send from this phone number.',
    fix: REFRESH_TOKEN,
  },
  131008: {
    title: 'Required parameter is missing',
    httpStatus: 400,
    handling: 'permanent',
    help: "The request lacks a field Meta requires (for example a parameter for a template's URL button).",
    fix: FIX_PAYLOAD,
  },
  131009: {
    title: 'Parameter value is not valid',
    httpStatus: 400,
    handling: 'permanent',
    help: 'A value in the request is not accepted: too long, wrong format, or a reaction to a message that is too old or not one we received.',
    fix: FIX_PAYLOAD,
  },
  131016: {
    title: 'Service unavailable',
    httpStatus: 500,
    handling: 'retry',
    help: "Meta's service is temporarily unavailable.",
    fix: TRANSIENT,
  },
  131021: {
    title: 'Recipient cannot be sender',
    httpStatus: 400,
    handling: 'permanent',
    help: "The message was addressed to the business's own phone number.",
    fix: 'Send it to another number; a business number cannot message itself.',
  },
  131026: {
    title: 'Message undeliverable',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The recipient could not get the message: the number is not on WhatsApp, has not accepted the latest terms, uses an app too old, or Meta withheld it.',
    fix: 'Check the number with the customer by other means; do not resend until they confirm they use WhatsApp.',
  },
  131030: {
    title: 'Recipient phone number not in allowed list',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The app is in development mode and may only message the numbers on its test list.',
    fix: 'Add the number to the allowed list in the Meta app dashboard, or move the app to live mode.',
  },
  131031: {
    title: 'Account has been locked',
    httpStatus: 403,
    handling: 'permanent',
    help: 'Meta locked the business account, for a policy violation or because its details did not match (such as a wrong two-step PIN).',
    fix: 'Follow the instructions in Meta Business Suite to unlock the account.',
  },
  131037: {
    title: 'WhatsApp provided number needs display name approval',
    httpStatus: 400,
    handling: 'permanent',
    help: 'This test number has no approved display name, so it cannot send yet.',
    fix: 'Set a display name for the number in WhatsApp Manager and wait for its approval.',
  },
  131042: {
    title: 'Business eligibility payment issue',
    httpStatus: 400,
    handling: 'permanent',
    help: 'Meta could not charge the business: no valid payment method, a failed payment, or a credit line problem.',
    fix: 'Fix the payment method in Meta Business Suite; sending works again once billing is in order.',
  },
  131045: {
    title: 'Incorrect certificate',
    httpStatus: 500,
    handling: 'permanent',
    help: "The phone number's registration with the Cloud API is not complete or not valid.",
    fix: 'Register the phone number again (POST /{phone-number-id}/register) and retry.',
  },
  131047: {
    title: 'Re-engagement message',
    httpStatus: 400,
    handling: 'permanent',
    help: 'More than 24 hours have passed since the customer last wrote, so only an approved template may be sent.',
    fix: 'Send an approved template instead; a free-form message is possible again once the customer replies.',
  },
  131048: {
    title: 'Spam rate limit hit',
    httpStatus: 400,
    handling: 'permanent',
    help: 'Meta limits this number because many recipients blocked or reported earlier messages.',
    fix: 'Pause campaigns from this number, check its quality rating, and only message people who asked for it.',
  },
  131049: {
    title: 'Meta chose not to deliver',
    httpStatus: 400,
    handling: 'permanent',
    help: 'Meta did not deliver this marketing message to keep the recipient from getting too many of them.',
    fix: 'Do not resend within 24 hours; try later, or reach the customer when they write to you.',
  },
  131050: {
    title: 'User has stopped marketing messages',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The recipient has turned off marketing messages from this business.',
    fix: 'Do not send them marketing templates; they can still get service and utility messages.',
  },
  131051: {
    title: 'Unsupported message type',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The message type is not supported (sent by us, or received from the user and not readable through the API).',
    fix: 'Use one of the supported message types; for an unreadable inbound message, ask the customer to send it another way.',
  },
  131052: {
    title: 'Media download error',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The customer sent a file Meta could not pass on, for example larger than 100 MB.',
    fix: 'Ask the customer to send it again, smaller or by another channel.',
  },
  131053: {
    title: 'Media upload error',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The media in our message could not be used: the file type does not match its MIME type, is not supported, or its link could not be fetched.',
    fix: "Check the file against Meta's supported types and sizes (for audio, OGG must be OPUS mono), make the link public, then send again.",
  },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    httpStatus: 400,
    handling: 'pair_limit',
    help: 'Too many messages went to this one recipient in a short time (about one every 6 seconds is allowed).',
    fix: 'Nothing to do: messages to this recipient wait and go out shortly; other recipients are not affected.',
  },
  131057: {
    title: 'Account in maintenance mode',
    httpStatus: 500,
    handling: 'maintenance',
    help: 'The business account is briefly in maintenance, for example while Meta raises its throughput.',
    fix: 'Nothing to do: sending resumes after about a minute.',
  },
  131063: {
    title: 'Marketing messages disabled',
    httpStatus: 400,
    handling: 'permanent',
    help: 'Marketing templates cannot be sent through the Cloud API for this business account.',
    fix: 'Enable marketing messages for the account in WhatsApp Manager, or send a utility template.',
  },
  131064: {
    title: 'Messaging limited due to template classification violations',
    httpStatus: 400,
    handling: 'permanent',
    help: 'Meta restricted this account because templates were sent in the wrong category.',
    fix: "Wait for the enforcement period to end and review your templates' categories.",
  },
  132000: {
    title: 'Number of parameters does not match the expected number of params',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The template was sent with more or fewer variable values than it has placeholders.',
    fix: 'Send exactly one value per placeholder of the header, body and each dynamic button.',
  },
  132001: {
    title: 'Template does not exist',
    httpStatus: 404,
    handling: 'permanent',
    help: 'No approved template has this name in this language.',
    fix: 'Check the template name and language code (en vs en_US) in WhatsApp Manager, and wait for its approval.',
  },
  132005: {
    title: 'Template hydrated text too long',
    httpStatus: 400,
    handling: 'permanent',
    help: "With the values filled in, the template's text is longer than WhatsApp allows.",
    fix: 'Shorten the values of the variables.',
  },
  132007: {
    title: 'Template format character policy violated',
    httpStatus: 400,
    handling: 'permanent',
    help: "The template's content, with its values, breaks WhatsApp's formatting or content policy.",
    fix: 'Remove disallowed characters or content from the values, or edit the template.',
  },
  132012: {
    title: 'Template parameter format mismatch',
    httpStatus: 400,
    handling: 'permanent',
    help: 'A variable value has the wrong format for its placeholder (for example text where an image is expected).',
    fix: 'Send each value in the format the template defines.',
  },
  132015: {
    title: 'Template is paused',
    httpStatus: 400,
    handling: 'permanent',
    help: 'Meta paused this template because recipients reacted badly to it; pending messages with it are dropped.',
    fix: 'Wait until the template is reinstated, or send another approved template.',
  },
  132016: {
    title: 'Template is disabled',
    httpStatus: 400,
    handling: 'permanent',
    help: 'Meta disabled this template for good after repeated quality problems.',
    fix: 'Create and get approval for a new template with different content.',
  },
  132018: {
    title: 'Template parameter validation',
    httpStatus: 400,
    handling: 'permanent',
    help: 'A variable value contains a line break, a tab or more than four spaces in a row, which templates forbid.',
    fix: 'Remove line breaks, tabs and runs of spaces from the values.',
  },
  132068: {
    title: 'Flow is blocked',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The WhatsApp Flow in this message is blocked.',
    fix: "Fix the Flow's problems in WhatsApp Manager and publish it again.",
  },
  132069: {
    title: 'Flow is throttled',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The WhatsApp Flow in this message is throttled because of its health.',
    fix: "Fix the Flow's endpoint or errors; messages with it are limited until its health recovers.",
  },
  133000: {
    title: 'Incomplete deregistration',
    httpStatus: 500,
    handling: 'permanent',
    help: 'An earlier attempt to deregister this phone number did not finish.',
    fix: 'Deregister the number again, then register it.',
  },
  133004: {
    title: 'Server temporarily unavailable',
    httpStatus: 503,
    handling: 'retry',
    help: "Meta's server is temporarily unavailable.",
    fix: TRANSIENT,
  },
  133005: {
    title: 'Two step verification PIN mismatch',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The two-step verification PIN given for the phone number is wrong.',
    fix: 'Use the right PIN, or reset it in WhatsApp Manager.',
  },
  133006: {
    title: 'Phone number re-verification needed',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The phone number must be verified again before it can be registered.',
    fix: 'Verify the number again (request and enter a code), then register it.',
  },
  133008: {
    title: 'Too many two step verification PIN guesses',
    httpStatus: 400,
    handling: 'permanent',
    help: 'Too many wrong two-step verification PINs were tried for this number.',
    fix: "Wait for the time given in Meta's details before trying again.",
  },
  133009: {
    title: 'Two step verification PIN guessed too fast',
    httpStatus: 400,
    handling: 'retry',
    help: 'PINs were tried too quickly for this number.',
    fix: 'It is retried after a pause; wait before entering the PIN by hand.',
  },
  133010: {
    title: 'Phone number not registered',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The business phone number is not registered on the WhatsApp Business Platform.',
    fix: 'Register the number (POST /{phone-number-id}/register) before sending.',
  },
  133015: {
    title: 'Please wait a few minutes before attempting to register this phone number',
    httpStatus: 400,
    handling: 'retry',
    help: 'The phone number was deleted recently and cannot be registered again yet.',
    fix: 'Wait five minutes, then register it again.',
  },
  133016: {
    title: 'Account register deregister rate limit exceeded',
    httpStatus: 400,
    handling: 'retry',
    help: 'Too many register or deregister attempts were made for this number.',
    fix: 'Wait before trying again; the limit resets on its own.',
  },
  134011: {
    title: 'WhatsApp Payments terms of service not accepted',
    httpStatus: 400,
    handling: 'permanent',
    help: 'The business has not accepted the WhatsApp Payments terms of service.',
    fix: 'Accept the terms in WhatsApp Manager, then send again.',
  },
  135000: {
    title: 'Generic user error',
    httpStatus: 400,
    handling: 'permanent',
    help: 'Meta refused the request because of a problem with its parameters that it did not name.',
    fix: FIX_PAYLOAD,
  },
};
