import type { Context, MiddlewareFn } from 'grammy';
import { classify } from './addressing.js';
import type { Services } from './deps.js';

/** How long the items of one album are taken as one message: Telegram sends them within seconds. */
export const ALBUM_WINDOW_MS = 60_000;

/**
 * An album (photos or files sent together) reaches the bot as one message per item, with the
 * caption, if any, on one of them. Each item without a caption was told "I can only read text":
 * three photos sent with a question got the answer and two such notices, and an album of ten
 * without a caption got ten. The first item read answers for the album: a caption is read as its
 * question, or, without one, the notice is said once; the album's other items without a caption
 * are left aside, before they count against the flood limit.
 */
export function albumsOnce(svc: Services): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const album = ctx.message?.media_group_id;
    if (album === undefined || !ctx.chat) return next();
    const key = `${ctx.chat.id}:${album}`;
    if (svc.albums.has(key) && classify(ctx)?.kind === 'non-text') return;
    svc.albums.add(key);
    return next();
  };
}
