import { AcceptedSendFacts, asyncFailureCode } from './async-failure';

const deliverable: AcceptedSendFacts = {
  notOnWhatsApp: false,
  isTemplate: false,
  windowOpen: true,
  unknownMediaId: false,
  unknownReactionTarget: false,
};

describe('asyncFailureCode', () => {
  it.each<[string, Partial<AcceptedSendFacts>, number | undefined]>([
    ['a free-form message inside the window is delivered', {}, undefined],
    ['a free-form message outside the window fails with 131047', { windowOpen: false }, 131047],
    ['a template outside the window is delivered', { windowOpen: false, isTemplate: true }, undefined],
    ['a recipient not on WhatsApp fails with 131026, even outside the window', { notOnWhatsApp: true, windowOpen: false }, 131026],
    ['an unknown media id fails with 131053', { unknownMediaId: true }, 131053],
    ['a reaction to an unknown message fails with 131009', { unknownReactionTarget: true }, 131009],
    ['an injected code applies when nothing else fails', { injectedCode: 131049 }, 131049],
    ['the window wins over an injected code', { injectedCode: 131049, windowOpen: false }, 131047],
  ])('%s', (_name, facts, expected) => {
    expect(asyncFailureCode({ ...deliverable, ...facts })).toBe(expected);
  });
});
