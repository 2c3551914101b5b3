export interface AcceptedSendFacts {
  /** The recipient is on the number's "not on WhatsApp" list. */
  notOnWhatsApp: boolean;
  isTemplate: boolean;
  windowOpen: boolean;
  /** A media message names an id this number never uploaded. */
  unknownMediaId: boolean;
  /** A reaction points at a message the emulator never saw. */
  unknownReactionTarget: boolean;
  /** A failure code drawn from `faults.failedStatusCodes`. */
  injectedCode?: number;
}

/**
 * Why an accepted send will fail later, as Meta reports it in a `failed`
 * status (whatsapp-cloud-api.md §2.10, §4.6): an unreachable recipient first
 * (131026), then a free-form message outside the 24-hour window (131047),
 * then unusable media (131053), an invalid reaction target (131009), and
 * last any injected fault. Undefined: it will be delivered.
 */
export function asyncFailureCode(facts: AcceptedSendFacts): number | undefined {
  if (facts.notOnWhatsApp) return 131026;
  if (!facts.isTemplate && !facts.windowOpen) return 131047;
  if (facts.unknownMediaId) return 131053;
  if (facts.unknownReactionTarget) return 131009;
  return facts.injectedCode;
}
