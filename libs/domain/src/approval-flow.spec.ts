import {
  approvalBody,
  approvalDecidedEventId,
  approvalMessage,
  approvalReplyId,
  approvalTapOutcome,
  approvalTapReply,
  ApprovalSnapshot,
  effectiveApprovalStatus,
  parseApprovalReplyId,
} from './approval-flow';

const ID = '5f0c6a8e-2d1b-4c53-9a57-0e2d6f1b7c11';
const NOW = new Date('2026-03-05T10:00:00Z');
const pending: ApprovalSnapshot = { status: 'pending', expiresAt: null, phone: '+2348031234567', decidedAt: null, decisionMessageId: null };
const tap = { phone: '+2348031234567', messageId: 'tap-1', choice: 'approve' as const };

describe('approval reply ids', () => {
  it('round-trips the approval and the choice', () => {
    expect(parseApprovalReplyId(approvalReplyId(ID, 'approve'))).toEqual({ approvalId: ID, choice: 'approve' });
    expect(parseApprovalReplyId(approvalReplyId(ID, 'reject'))).toEqual({ approvalId: ID, choice: 'reject' });
  });

  it.each(['approval:x:approve', `approval:${ID}:maybe`, `xapproval:${ID}:approve`, `approval:${ID}:approve `, 'yes', undefined, 42])('ignores %p', (replyId) => {
    expect(parseApprovalReplyId(replyId)).toBeNull();
  });

  it('gives each approval one stable decided-event id', () => {
    expect(approvalDecidedEventId(ID)).toBe(approvalDecidedEventId(ID));
    expect(approvalDecidedEventId(ID)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(approvalDecidedEventId(ID)).not.toBe(approvalDecidedEventId('6f0c6a8e-2d1b-4c53-9a57-0e2d6f1b7c11'));
  });
});

describe('approvalTapOutcome', () => {
  it.each([
    ['the first tap on approve decides approved', pending, tap, { kind: 'decide', status: 'approved' }],
    ['the first tap on reject decides rejected', pending, { ...tap, choice: 'reject' as const }, { kind: 'decide', status: 'rejected' }],
    ['a tap before the expiry decides', { ...pending, expiresAt: new Date('2026-03-05T10:00:01Z') }, tap, { kind: 'decide', status: 'approved' }],
    ['a tap at the expiry is too late', { ...pending, expiresAt: NOW }, tap, { kind: 'expired' }],
    ['a tap on an expired approval is too late', { ...pending, status: 'expired' as const }, tap, { kind: 'expired' }],
    [
      'a later tap changes nothing',
      { ...pending, status: 'approved' as const, decidedAt: NOW, decisionMessageId: 'tap-0' },
      { ...tap, choice: 'reject' as const },
      { kind: 'already_decided', status: 'approved', decidedAt: NOW },
    ],
    ['the deciding tap seen again is recognised', { ...pending, status: 'rejected' as const, decidedAt: NOW, decisionMessageId: 'tap-1' }, tap, { kind: 'decided_by_this_tap', status: 'rejected' }],
    ['someone else cannot decide', pending, { ...tap, phone: '+14155550100' }, { kind: 'not_addressee' }],
    ['the same number written differently can decide', pending, { ...tap, phone: '2348031234567' }, { kind: 'decide', status: 'approved' }],
  ])('%s', (_label, approval, theTap, expected) => {
    expect(approvalTapOutcome(approval, theTap, NOW)).toEqual(expected);
  });

  it('shows a pending approval past its expiry as expired', () => {
    expect(effectiveApprovalStatus({ status: 'pending', expiresAt: new Date('2026-03-05T09:00:00Z') }, NOW)).toBe('expired');
    expect(effectiveApprovalStatus({ status: 'approved', expiresAt: new Date('2026-03-05T09:00:00Z') }, NOW)).toBe('approved');
  });
});

describe('approvalTapReply', () => {
  const summary = { title: 'Order 42', reference: 'SO-42', expiresAt: new Date('2026-03-05T09:00:00Z') };
  it.each([
    [{ kind: 'decide', status: 'approved' }, /^✅ Approved: Order 42 \(SO-42\)/],
    [{ kind: 'decide', status: 'rejected' }, /^❌ Rejected: Order 42 \(SO-42\)/],
    [{ kind: 'already_decided', status: 'approved', decidedAt: NOW }, /already approved on 2026-03-05 10:00 UTC, so nothing was changed/],
    [{ kind: 'expired' }, /expired on 2026-03-05 09:00 UTC/],
  ] as const)('answers %j politely', (outcome, text) => {
    expect(approvalTapReply(outcome, summary)).toMatch(text);
  });

  it('says nothing to someone the approval was not sent to', () => {
    expect(approvalTapReply({ kind: 'not_addressee' }, summary)).toBeNull();
  });
});

describe('approvalMessage', () => {
  const input = {
    id: ID,
    title: 'Sales order SO-42',
    reference: 'SO-42',
    lines: [{ description: 'Widget', quantity: 2, amount: '20.00' }, { description: 'Delivery' }],
    amount: '40.00',
    currency: 'EUR',
    approveLabel: 'Approve',
    rejectLabel: 'Reject',
    expiresAt: null,
  };

  it('is a reply-button message whose buttons name the approval', () => {
    expect(approvalMessage(input)).toEqual({
      type: 'button',
      body: { text: '*Sales order SO-42*\nReference: SO-42\n\n• 2 × Widget — 20.00\n• Delivery\n\nTotal: 40.00 EUR' },
      footer: { text: 'Ref SO-42' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: `approval:${ID}:approve`, title: 'Approve' } },
          { type: 'reply', reply: { id: `approval:${ID}:reject`, title: 'Reject' } },
        ],
      },
    });
  });

  it('keeps the body within 1024 characters however many lines there are', () => {
    const many = { ...input, lines: Array.from({ length: 200 }, (_, index) => ({ description: `Item number ${index} with a long description` })) };
    const body = approvalBody(many);
    expect(body.length).toBeLessThanOrEqual(1024);
    expect(body).toMatch(/… and \d+ more/);
    expect(body).toContain('Total: 40.00 EUR');
  });
});
