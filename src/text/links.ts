// Links in a question: a URL says which page, not what is asked, and its letters are not the question's
// language ("ما الذي حدث في التنف؟ https://www.enabbaladi.net/archives/…" is an Arabic question).

/** A URL with a scheme or www., or a domain name with a path ("t.me/deirezzor24/123"). */
const LINK = /(?:\bhttps?:\/\/|\bwww\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/\S*/giu;

/** `text` with each link blanked out by as many spaces, so offsets into it still hold. */
export function withoutLinks(text: string): string {
  return text.replace(LINK, (link) => ' '.repeat(link.length));
}
