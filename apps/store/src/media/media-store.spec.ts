import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MediaStore } from './media-store';

describe('MediaStore', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'wabus-media-store-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps a file and its description under <channel>/<media id>', async () => {
    const store = new MediaStore(root);
    const saved = await store.save({ messageId: 'm', channelId: 'chan', mediaId: '1037543291543636', mimeType: 'image/jpeg', filename: null }, Buffer.from('abc'));
    expect(saved).toMatchObject({ path: path.join('chan', '1037543291543636'), bytes: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' });
    expect(await readFile(path.join(root, 'chan', '1037543291543636'), 'utf8')).toBe('abc');
    expect(await store.stored('chan', '1037543291543636')).toEqual(saved);
    expect(await store.stored('chan', 'missing')).toBeNull();
  });

  it.each(['../../etc/passwd', '..', '.hidden', 'a/b'])('never lets an id (%s) name a path outside its directory', (id) => {
    const relative = new MediaStore(root).relativePath('chan', id);
    expect(relative).toMatch(/^chan\/[0-9a-f]{64}$/);
  });
});
