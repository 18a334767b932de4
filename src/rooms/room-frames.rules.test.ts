import { describe, expect, it } from 'vitest';
import { parseClientFrame } from './room-frames.rules.js';

describe('parseClientFrame', () => {
  it('drops control characters from a post, as the HTTP edge does from a body', () => {
    const frame = parseClientFrame(
      JSON.stringify({ type: 'post', room: 1, clientId: 'c\u00001', text: '早\u0000安\u0007' }),
    );
    expect(frame).toMatchObject({ type: 'post', clientId: 'c1', text: '早安' });
  });
});
