import { StatusDelays } from '../state/number-settings';

export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';

export interface PlannedStatus {
  status: StatusName;
  delayMs: number;
  /** `pricing` and `conversation` ride on `sent` and on the first of delivered/read (whatsapp-cloud-api.md §4.6). */
  billing: boolean;
}

/**
 * Which status webhooks an accepted send produces, and when: sent → delivered
 * → read; a reaction only gets `sent`; a send that will fail gets one `failed`
 * (no pricing, no other status). A null delay means that status never comes.
 */
export function planStatuses(input: { reaction: boolean; failing: boolean; delays: StatusDelays }): PlannedStatus[] {
  const { delays } = input;
  if (input.failing) return [{ status: 'failed', delayMs: delays.sent ?? 0, billing: false }];
  const plan: PlannedStatus[] = [];
  if (delays.sent !== null) plan.push({ status: 'sent', delayMs: delays.sent, billing: true });
  if (input.reaction) return plan;
  let billedAfterSent = false;
  for (const status of ['delivered', 'read'] as const) {
    const delay = delays[status];
    if (delay === null) continue;
    plan.push({ status, delayMs: delay, billing: !billedAfterSent });
    billedAfterSent = true;
  }
  return plan;
}
