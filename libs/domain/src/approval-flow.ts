import { derivedUuid } from './derived-id';

/**
 * Approvals: a person approves or rejects something (a sales order) with one
 * of two reply buttons. The buttons' ids name the approval and the choice, so
 * a tap needs no configured action. The first tap decides; every later tap,
 * and every tap after the expiry, gets a polite answer and changes nothing.
 */
export const APPROVAL_STATES = ['pending', 'approved', 'rejected', 'expired'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];
export type ApprovalChoice = 'approve' | 'reject';
export type ApprovalDecision = 'approved' | 'rejected';

const REPLY_ID = /^approval:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(approve|reject)$/;

export function approvalReplyId(approvalId: string, choice: ApprovalChoice): string {
  return `approval:${approvalId}:${choice}`;
}

export function parseApprovalReplyId(replyId: unknown): { approvalId: string; choice: ApprovalChoice } | null {
  if (typeof replyId !== 'string') return null;
  const match = REPLY_ID.exec(replyId);
  return match ? { approvalId: match[1], choice: match[2] as ApprovalChoice } : null;
}

export function decisionOf(choice: ApprovalChoice): ApprovalDecision {
  return choice === 'approve' ? 'approved' : 'rejected';
}

/** The id of the approval's one `approval.decided` event: the same however often it is produced. */
export function approvalDecidedEventId(approvalId: string): string {
  return derivedUuid('approval.decided', approvalId);
}

/** A pending approval past its expiry is expired, whether or not the sweep has marked it yet. */
export function effectiveApprovalStatus(approval: { status: ApprovalState; expiresAt: Date | null }, now: Date): ApprovalState {
  if (approval.status === 'pending' && approval.expiresAt && approval.expiresAt.getTime() <= now.getTime()) return 'expired';
  return approval.status;
}

export interface ApprovalSnapshot {
  status: ApprovalState;
  expiresAt: Date | null;
  /** The approver, E.164. */
  phone: string;
  decidedAt: Date | null;
  /** The tap that decided it. */
  decisionMessageId: string | null;
}

export interface ApprovalTap {
  /** The tapping user, E.164. */
  phone: string;
  /** Our id of the tap message. */
  messageId: string;
  choice: ApprovalChoice;
}

export type ApprovalTapOutcome =
  | { kind: 'decide'; status: ApprovalDecision }
  /** The deciding tap seen again (an event delivered twice): same answer, nothing new. */
  | { kind: 'decided_by_this_tap'; status: ApprovalState }
  | { kind: 'already_decided'; status: ApprovalDecision; decidedAt: Date | null }
  | { kind: 'expired' }
  | { kind: 'not_addressee' };

export function approvalTapOutcome(approval: ApprovalSnapshot, tap: ApprovalTap, now: Date): ApprovalTapOutcome {
  if (approval.decisionMessageId !== null && approval.decisionMessageId === tap.messageId) return { kind: 'decided_by_this_tap', status: approval.status };
  if (digits(approval.phone) !== digits(tap.phone)) return { kind: 'not_addressee' };
  const status = effectiveApprovalStatus(approval, now);
  if (status === 'pending') return { kind: 'decide', status: decisionOf(tap.choice) };
  if (status === 'expired') return { kind: 'expired' };
  return { kind: 'already_decided', status, decidedAt: approval.decidedAt };
}

export interface ApprovalSummary {
  title: string;
  reference: string;
  expiresAt?: Date | null;
}

/** What the tapping person reads back; null when nothing should be sent. */
export function approvalTapReply(outcome: ApprovalTapOutcome, approval: ApprovalSummary): string | null {
  const what = `${approval.title} (${approval.reference})`;
  switch (outcome.kind) {
    case 'decide':
    case 'decided_by_this_tap':
      if (outcome.status === 'approved') return `✅ Approved: ${what}. Thank you, your answer was recorded.`;
      if (outcome.status === 'rejected') return `❌ Rejected: ${what}. Thank you, your answer was recorded.`;
      return null;
    case 'already_decided':
      return `Thank you. ${what} was already ${outcome.status}${outcome.decidedAt ? ` on ${readableTime(outcome.decidedAt)}` : ''}, so nothing was changed.`;
    case 'expired':
      return `Sorry, ${what} expired${approval.expiresAt ? ` on ${readableTime(approval.expiresAt)}` : ''} and can no longer be answered.`;
    case 'not_addressee':
      return null;
  }
}

export interface ApprovalLine {
  description: string;
  quantity?: number;
  amount?: string;
}

export interface ApprovalMessageInput {
  id: string;
  title: string;
  reference: string;
  lines: ApprovalLine[];
  amount: string | null;
  currency: string | null;
  approveLabel: string;
  rejectLabel: string;
  expiresAt: Date | null;
}

/** Meta's limit for the body of a reply-button message. */
const BODY_LIMIT = 1024;

/** The interactive reply-button message that asks for the decision (Meta's shape). */
export function approvalMessage(input: ApprovalMessageInput): Record<string, unknown> {
  return {
    type: 'button',
    body: { text: approvalBody(input) },
    footer: { text: truncate(`Ref ${input.reference}`, 60) },
    action: {
      buttons: [
        { type: 'reply', reply: { id: approvalReplyId(input.id, 'approve'), title: input.approveLabel } },
        { type: 'reply', reply: { id: approvalReplyId(input.id, 'reject'), title: input.rejectLabel } },
      ],
    },
  };
}

export function approvalBody(input: ApprovalMessageInput): string {
  const head = [`*${input.title}*`, `Reference: ${input.reference}`];
  const tail: string[] = [];
  if (input.amount !== null) tail.push(`Total: ${input.amount}${input.currency ? ` ${input.currency}` : ''}`);
  if (input.expiresAt) tail.push(`Please answer before ${readableTime(input.expiresAt)}.`);
  const lines = input.lines.map(lineText);
  const fixed = [...head, '', ...tail].join('\n').length + 2;
  const kept: string[] = [];
  let used = fixed;
  for (const [index, line] of lines.entries()) {
    const more = `… and ${lines.length - index} more`;
    if (used + line.length + 1 + more.length + 1 > BODY_LIMIT && index < lines.length - 1) {
      kept.push(more);
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  const text = [...head, ...(kept.length ? ['', ...kept] : []), ...(tail.length ? ['', ...tail] : [])].join('\n');
  return truncate(text, BODY_LIMIT);
}

function lineText(line: ApprovalLine): string {
  const quantity = line.quantity !== undefined ? `${line.quantity} × ` : '';
  const amount = line.amount !== undefined ? ` — ${line.amount}` : '';
  return `• ${quantity}${line.description}${amount}`;
}

function readableTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function digits(phone: string): string {
  return phone.replace(/\D/g, '');
}
