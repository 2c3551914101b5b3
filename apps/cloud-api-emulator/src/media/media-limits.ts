/** Media uploads go up to 100 MB (documents), as Meta accepts. */
export const EMULATOR_BODY_LIMIT_BYTES = 101 * 1024 * 1024;
