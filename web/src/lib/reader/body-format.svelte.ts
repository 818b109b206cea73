// Plain text or HTML for a message that has both (multipart/alternative, or HTML that
// postal-mime also gave as text): chosen in the reader, kept for the next message this session,
// as Thunderbird's View > Message Body As is.
export type BodyFormat = 'html' | 'text';

class BodyFormatChoice {
  #format = $state<BodyFormat>('html');

  get format(): BodyFormat {
    return this.#format;
  }

  set format(format: BodyFormat) {
    this.#format = format;
  }
}

export const bodyFormat = new BodyFormatChoice();
