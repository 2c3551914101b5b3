export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Parses a text/event-stream as it arrives in chunks (the WHATWG format:
 * `event:` and `data:` fields, comment lines starting with `:`, an empty line
 * ends an event). Chunks may split lines anywhere, so an unfinished line is
 * kept for the next chunk.
 */
export function createEventStreamParser(onEvent: (event: ServerSentEvent) => void): (chunk: string) => void {
  let pending = '';
  let eventName = '';
  let data: string[] = [];
  return (chunk) => {
    pending += chunk;
    const lines = pending.split(/\r\n|\r|\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) onEvent({ event: eventName || 'message', data: data.join('\n') });
        eventName = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') eventName = value;
      else if (field === 'data') data.push(value);
    }
  };
}
