import path from 'node:path';

describe('dependencies', () => {
  it("runs Nest's Fastify adapter on the same Fastify as ours (package.json overrides; 5.11's content-type parser bound an AsyncResource per request)", () => {
    const nestAdapterDirectory = path.dirname(require.resolve('@nestjs/platform-fastify/package.json'));
    expect(require.resolve('fastify', { paths: [nestAdapterDirectory] })).toBe(require.resolve('fastify'));
  });
});
