/**
 * Goal: BoundedChannel gives backpressure and clean endings.
 * Method: drive producers and a consumer by hand and watch when pushes resolve.
 */
import { describe, expect, it } from 'vitest';
import { BoundedChannel } from './bounded-channel.ts';

async function drain<T>(channel: BoundedChannel<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of channel) items.push(item);
  return items;
}

describe('BoundedChannel', () => {
  it('push() waits while the channel is full and resumes when the consumer reads', async () => {
    const channel = new BoundedChannel<number>(1);
    await channel.push(1);
    let secondQueued = false;
    const second = channel.push(2).then(() => (secondQueued = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(secondQueued).toBe(false);
    const iterator = channel[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe(1);
    await second;
    expect(secondQueued).toBe(true);
  });

  it('close() delivers the queued items, then ends the iteration', async () => {
    const channel = new BoundedChannel<number>(4);
    await channel.push(1);
    await channel.push(2);
    channel.close();
    expect(await drain(channel)).toEqual([1, 2]);
  });

  it('fail() delivers the queued items, then throws the error', async () => {
    const channel = new BoundedChannel<number>(4);
    await channel.push(1);
    channel.fail(new Error('boom'));
    const seen: number[] = [];
    await expect((async () => {
      for await (const item of channel) seen.push(item);
    })()).rejects.toThrow('boom');
    expect(seen).toEqual([1]);
  });

  it('a consumer leaving early makes pending and later pushes return false', async () => {
    const channel = new BoundedChannel<number>(1);
    await channel.push(1);
    const pending = channel.push(2);
    await channel[Symbol.asyncIterator]().return?.();
    expect(await pending).toBe(false);
    expect(await channel.push(3)).toBe(false);
  });
});
