/**
 * The business number the cloud-api-emulator registers at start, so `npm start`
 * has a demo channel to point at it. Whoever seeds the demo channel (the start
 * script, the gateway) uses these same values; re-registering the number with
 * `POST /_emulator/phone-numbers` (for instance with the real webhook URL)
 * updates it in place. Development only: these secrets are public.
 */
export const EMULATOR_DEMO_CHANNEL = {
  /** wabus's id of the demo channel: fixed, so the emulator and the gateway agree on its webhook URL. */
  channelId: '00000000-0000-4000-8000-00000000de30',
  phoneNumberId: '106540352242922',
  wabaId: '102290129340398',
  accessToken: 'wabus-demo-access-token',
  appSecret: 'wabus-demo-app-secret',
  verifyToken: 'wabus-demo-verify-token',
  displayPhoneNumber: '15550783881',
  verifiedName: 'wabus demo',
  throughputMps: 80,
  /** Appended to the gateway's public URL to form the demo number's webhook URL. */
  webhookPath: '/webhooks/whatsapp/00000000-0000-4000-8000-00000000de30',
} as const;
