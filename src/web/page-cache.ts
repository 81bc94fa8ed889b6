// The dashboard's pages kept between requests, on an engine that can tell when
// the desk changed (the mark of PortalStore.sessionAndMark). Why a kept page
// is never stale:
// - a page is kept under its generation, the desk's mark read BEFORE the page's
//   reads (with the request's session), and the business day. The mark changes once another connection
//   commits (any process, `licences add`, `take`, the outbox) or this
//   connection writes (a POST, a sign-in, a session's touch): on SQLite PRAGMA
//   data_version and total_changes(), on PostgreSQL the server's snapshot
//   (pg_current_snapshot(): transaction ids in progress and the next one). A
//   page was read from a desk at least as new as its mark; a commit after the
//   mark was read makes every later mark differ, so a page read partly after
//   such a commit is never served again;
// - every word of the page that moves with time moves with the day only (the
//   validity, the forfeit notice, the days shown in the business zone);
// - the key holds everything else the page is made of: the contact as this
//   request's session read it (its name, language, client), the session's
//   _csrf, the page asked; the time zone and the shop's URL are the app's own;
// - requests overlap while their session and mark are read (on PostgreSQL a
//   read awaited), so another request's write can come between a request's
//   mark and its page: that write changes every mark read after it, so the
//   page, kept under the older mark, is only served to requests that read
//   that mark before the write, and it is newer than what they read.
// A new generation drops every page of the old one; at most MAX pages are kept.

export class PageCache {
  private generation: string | undefined;
  private readonly pages = new Map<string, string>();

  constructor(private readonly max = 256) {}

  /** The page kept under `key` in this generation; a new generation forgets the old one's pages. */
  get(generation: string, key: string): string | undefined {
    if (generation !== this.generation) {
      this.pages.clear();
      this.generation = generation;
      return undefined;
    }
    return this.pages.get(key);
  }

  /** Keeps a page made in `generation` (read after get() was asked for that generation). */
  set(generation: string, key: string, page: string): void {
    if (generation !== this.generation) return;
    if (this.pages.size >= this.max) this.pages.clear();
    this.pages.set(key, page);
  }

  get size(): number {
    return this.pages.size;
  }
}
