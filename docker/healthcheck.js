// The image's HEALTHCHECK: GET /healthz on this container's service. Slim
// images have no curl; Node 20 has fetch. The port is PORT when set (compose
// and Kubernetes set it), else the service's default port, found from the
// command line of PID 1 (`node dist/apps/<app>/main.js`, under tini).
// deploy/src/dockerfile.spec.ts keeps DEFAULT_PORTS equal to libs/config's SERVICE_PORTS.
'use strict';
const { readFileSync } = require('node:fs');

const DEFAULT_PORTS = {
  gateway: 3000,
  sender: 3001,
  store: 3002,
  'template-sync': 3003,
  'action-engine': 3004,
  'cloud-api-emulator': 4010,
};

function appOfMainProcess() {
  try {
    const argv = readFileSync('/proc/1/cmdline', 'utf8').split('\0');
    for (const arg of argv) {
      const match = /dist\/apps\/([^/]+)\/main\.js$/.exec(arg);
      if (match) return match[1];
    }
  } catch {
    // not Linux, or /proc hidden: PORT must be set
  }
  return undefined;
}

const port = process.env.PORT || DEFAULT_PORTS[appOfMainProcess()];
if (!port) {
  process.stderr.write('healthcheck: cannot tell which service runs here; set PORT\n');
  process.exit(1);
}

fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  (error) => {
    process.stderr.write(`healthcheck: http://127.0.0.1:${port}/healthz: ${error.message}\n`);
    process.exit(1);
  },
);
