/* eslint-disable @nx/enforce-module-boundaries -- the console is typed against the real gateway's OpenAPI document */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GatewayHarness, startGateway } from '../../../gateway/src/test/gateway-harness';

const GENERATED = path.join(__dirname, '../app/api/openapi-schema.ts');
const HEADER = '// Generated from the gateway\'s OpenAPI document (/docs/openapi.json) by openapi-typescript.\n// Do not edit: `WABUS_UPDATE_API_TYPES=1 npx jest apps/console/src/test/api-types.spec.ts` regenerates it.\n\n';

/**
 * The console's API types come from the gateway's OpenAPI document. When a
 * DTO changes, this test fails until the types are regenerated, so the
 * console cannot drift from the API it calls.
 */
describe('console: API types', () => {
  let gateway: GatewayHarness;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it("match the gateway's OpenAPI document", async () => {
    const document = await (await fetch(`${gateway.url}/docs/openapi.json`)).text();
    const dir = mkdtempSync(path.join(tmpdir(), 'wabus-openapi-'));
    try {
      writeFileSync(path.join(dir, 'openapi.json'), document);
      const cli = path.join(path.dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js');
      execFileSync(process.execPath, [cli, path.join(dir, 'openapi.json'), '--output', path.join(dir, 'schema.ts'), '--root-types', '--root-types-no-schema-prefix', '--default-non-nullable=false'], { stdio: 'pipe' });
      const generated = HEADER + readFileSync(path.join(dir, 'schema.ts'), 'utf8');
      if (process.env.WABUS_UPDATE_API_TYPES === '1') writeFileSync(GENERATED, generated);
      expect(readFileSync(GENERATED, 'utf8')).toBe(generated);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
