import { tapDocument, TapDocument } from '@wabus/domain';
import type { ContactEntity } from '@wabus/persistence';
import type { Interaction } from '../events/domain-event';

/** What started a run: the tap and the tapping contact as they were. */
export interface Trigger {
  interaction: Interaction;
  contact: ContactEntity | null;
}

/** The document placeholders read and rules evaluate (libs/domain's tapDocument, which the gateway's rule test uses too). */
export function triggerDocument(trigger: Trigger): TapDocument {
  return tapDocument(trigger.interaction, trigger.contact);
}
