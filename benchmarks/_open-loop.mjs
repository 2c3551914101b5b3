// Open-loop load for the benches: requests start at evenly spaced moments
// whatever the server answers (as Meta's deliveries do), and each latency runs
// from the moment its request was due, so a server that stalls cannot hide the
// queue it builds (no coordinated omission). autocannon's `overallRate` paces
// each connection per second instead, which sends a second's requests in bursts.
import { Pool } from 'undici';

/**
 * Offers `rate` requests/s for `durationS` seconds to `url`; `makeRequest(n)`
 * gives the n-th request's `{method, path, headers, body}`. Resolves to
 * `{offered, rps, p50, p99, max, non2xx, errors}` (latencies in ms).
 */
export async function openLoop({ url, rate, durationS, makeRequest, connections = 64 }) {
  const origin = new URL(url).origin;
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const total = Math.round(rate * durationS);
  const latencies = new Float64Array(total);
  let non2xx = 0;
  let errors = 0;
  const answered = [];
  const started = performance.now();

  const fire = (n) => {
    const due = started + (n * 1000) / rate;
    const request = makeRequest(n);
    answered.push(
      pool.request(request).then(
        async (response) => {
          await response.body.dump();
          latencies[n] = performance.now() - due;
          if (response.statusCode < 200 || response.statusCode > 299) non2xx++;
        },
        () => {
          latencies[n] = performance.now() - due;
          errors++;
        },
      ),
    );
  };

  let sent = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
      while (sent < due) fire(sent++);
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(answered);
  const elapsedS = (performance.now() - started) / 1000;
  await pool.close();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (p) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] * 10) / 10;
  return { offered: rate, rps: Math.round(total / elapsedS), p50: at(0.5), p99: at(0.99), max: at(1), non2xx, errors };
}
