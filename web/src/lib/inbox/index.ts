export { default as MessageList } from './MessageList.svelte';
export { InboxView, INBOX_PAGE_SIZE, type InboxFilter, type StoredBatch } from './inbox-view.svelte.ts';
export { visibleRange, type VisibleRange } from './visible-range.ts';
export { formatListDate } from './format-list-date.ts';
