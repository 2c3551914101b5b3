/** The 24-hour customer service window of a conversation, as the API reports it. */
export interface ConversationWindow {
  open: boolean;
  closesAt: string | null;
  remainingMs: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Time left before free-form messages are refused, counted from `closesAt`
 * so a view can tick without asking the API again (`remainingMs` is only
 * true at the moment of the answer).
 */
export function windowTimeLeftMs(window: ConversationWindow, now: number): number {
  if (!window.open || window.closesAt === null) return 0;
  const closesAt = Date.parse(window.closesAt);
  return Number.isNaN(closesAt) ? 0 : Math.max(0, closesAt - now);
}

/** "23 h 5 min", "5 min", "under a minute": how long is left, in the units an operator reads at a glance. */
export function formatTimeLeft(ms: number): string {
  if (ms < MINUTE_MS) return 'under a minute';
  const hours = Math.floor(ms / HOUR_MS);
  const minutes = Math.floor((ms % HOUR_MS) / MINUTE_MS);
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

export interface WindowState {
  /** Free-form messages may be sent now. */
  open: boolean;
  label: string;
  /** Under an hour left: worth a warning colour. */
  closingSoon: boolean;
}

export function describeWindow(window: ConversationWindow, now: number): WindowState {
  const left = windowTimeLeftMs(window, now);
  if (left === 0) return { open: false, label: 'Window closed: templates only', closingSoon: false };
  return { open: true, label: `Window open · ${formatTimeLeft(left)} left`, closingSoon: left < HOUR_MS };
}
