/** The inbound types that carry a media object with an `id` to download (whatsapp-cloud-api.md §4.5). */
export const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'audio', 'video', 'document', 'sticker']);
