/**
 * Most body lines the listing pass asks TOP for, whatever the preview setting. The snippet is
 * 160 characters, which a few lines of text hold even behind a MIME part's headers; past
 * that, TOP starts carrying attachment base64, which deflate barely shrinks. Measured at
 * 100 ms RTT + 8 Mbit/s, 2,000 messages: every message listed in 2.31 s with 0 lines,
 * 2.40 s with 8, 3.12 s with 20 (the 3 s target).
 */
export const LISTING_PREVIEW_LINES_MAX = 8;
