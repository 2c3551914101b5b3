import { createEventStreamParser, ServerSentEvent } from './event-stream-parser';

function parse(chunks: string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const feed = createEventStreamParser((event) => events.push(event));
  for (const chunk of chunks) feed(chunk);
  return events;
}

describe('console: server-sent events parser', () => {
  it('reads named events and skips comments and retry hints', () => {
    expect(parse(['retry: 3000\n: connected\n\nevent: message\ndata: {"a":1}\n\n: heartbeat\n\n'])).toEqual([{ event: 'message', data: '{"a":1}' }]);
  });

  it('joins an event split across chunks at any point', () => {
    const stream = 'event: message\ndata: {"messageId":"m1"}\n\nevent: message\r\ndata: {"messageId":"m2"}\r\n\r\n';
    const expected = [
      { event: 'message', data: '{"messageId":"m1"}' },
      { event: 'message', data: '{"messageId":"m2"}' },
    ];
    for (let cut = 1; cut < stream.length; cut += 1) expect(parse([stream.slice(0, cut), stream.slice(cut)])).toEqual(expected);
  });

  it('joins multi-line data and defaults the event name to "message"', () => {
    expect(parse(['data: one\ndata: two\n\n'])).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('dispatches nothing for an event not yet ended by an empty line', () => {
    expect(parse(['event: message\ndata: {}\n'])).toEqual([]);
  });
});
