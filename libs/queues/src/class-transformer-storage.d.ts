// class-transformer keeps its metadata in this module (the one its own index uses) but types it only under types/.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
