// Links and markup in a question: a URL says which page, not what is asked, and its letters are not the
// question's language ("ما الذي حدث في التنف؟ https://www.enabbaladi.net/archives/…" is an Arabic question).

/** A URL with a scheme or www., or a domain name with a path ("t.me/deirezzor24/123"). */
const LINK = /(?:\bhttps?:\/\/|\bwww\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/\S*/giu;

/** `text` with each link blanked out by as many spaces, so offsets into it still hold. */
export function withoutLinks(text: string): string {
  return text.replace(LINK, (link) => ' '.repeat(link.length));
}

/** An HTML tag: `<p>`, `</b>`, `<br/>`, `<a href="…">`. */
const TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/giu;

/**
 * `text` with its HTML tags blanked out by as many spaces, so offsets into it still hold. A question
 * pasted from a page, "<p>ماذا قال البنتاغون؟</p>", had been read as English and abstained on «p».
 */
export function withoutMarkup(text: string): string {
  return text.replace(TAG, (tag) => ' '.repeat(tag.length));
}
