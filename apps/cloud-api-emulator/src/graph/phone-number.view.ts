import { MetaRejection } from '../errors/meta-rejection';
import { NumberSettings } from '../state/number-settings';

// Fields of the phone-number node (whatsapp-cloud-api.md §7.1) and what the emulator says for each.
const FIELD_VALUES: Record<string, (settings: NumberSettings) => unknown> = {
  verified_name: (settings) => settings.verifiedName,
  code_verification_status: () => 'VERIFIED',
  display_phone_number: (settings) => settings.displayPhoneNumber,
  quality_rating: (settings) => settings.qualityRating,
  platform_type: () => 'CLOUD_API',
  throughput: (settings) => ({
    level: settings.throughputMps >= 1000 ? 'HIGH' : 'STANDARD',
  }),
  webhook_configuration: (settings) => ({ application: settings.webhookUrl }),
  id: (settings) => settings.phoneNumberId,
  status: () => 'CONNECTED',
  name_status: () => 'APPROVED',
  account_mode: () => 'LIVE',
  is_official_business_account: () => false,
  is_pin_enabled: () => false,
  health_status: (settings) => ({
    can_send_message: 'AVAILABLE',
    entities: [
      {
        entity_type: 'PHONE_NUMBER',
        id: settings.phoneNumberId,
        can_send_message: 'AVAILABLE',
      },
    ],
  }),
  whatsapp_business_manager_messaging_limit: () => 'TIER_2K',
  messaging_limit_tier: () => 'TIER_2K',
  new_name_status: () => 'NONE',
};

const DEFAULT_FIELDS = [
  'verified_name',
  'code_verification_status',
  'display_phone_number',
  'quality_rating',
  'platform_type',
  'throughput',
  'webhook_configuration',
  'id',
];

/** `GET /{phone-number-id}[?fields=…]`, built from the registered number; unknown fields are refused as Graph does. */
export function phoneNumberView(settings: NumberSettings, fields: string | undefined): Record<string, unknown> {
  const wanted = fields
    ? [
        ...fields
          .split(',')
          .map((field) => field.trim())
          .filter(Boolean),
        'id',
      ]
    : DEFAULT_FIELDS;
  const view: Record<string, unknown> = {};
  for (const field of wanted) {
    const value = FIELD_VALUES[field];
    if (!value)
      throw new MetaRejection(100, {
        withoutErrorData: true,
        message: `(#100) Tried accessing nonexisting field (${field}) on node type (WhatsAppBusinessPhoneNumber)`,
      });
    view[field] = value(settings);
  }
  return view;
}
