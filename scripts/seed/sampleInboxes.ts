/**
 * Sample inboxes for `npm start` and demos: hand-written for this project (never dataset
 * texts), a mix of everyday messages and obvious spam, spread over the last days.
 */
import type { Storage } from '../../platform/storage';
import { newSmsId } from '../../platform/storage/inbox/smsId';

interface SampleSms {
  to: string;
  from: string;
  text: string;
  /** Hours before the seeding moment. */
  hoursAgo: number;
}

export const SAMPLE_SMS: readonly SampleSms[] = [
  {
    to: 'alice',
    from: '+15550101',
    text: 'Hey, are we still on for climbing tonight? I booked the 7pm slot.',
    hoursAgo: 50,
  },
  {
    to: 'alice',
    from: '80082',
    text: 'CONGRATULATIONS! You WON a £1000 shopping voucher. Text CLAIM to 80082 now to get your prize!',
    hoursAgo: 30,
  },
  {
    to: 'alice',
    from: '+15550102',
    text: "Mum here. Dinner's at 7 on Sunday, can you bring the salad bowl back?",
    hoursAgo: 20,
  },
  {
    to: 'alice',
    from: '+15550199',
    text: 'Your parcel could not be delivered. Pay the £1.99 redelivery fee at parcel-redeliver.example to reschedule.',
    hoursAgo: 6,
  },
  {
    to: 'alice',
    from: '+15550103',
    text: 'Running 10 min late, train stuck outside the station 🚆',
    hoursAgo: 1,
  },
  {
    to: 'bob',
    from: '+15550104',
    text: 'Can you send me the slides from this morning? Thanks!',
    hoursAgo: 40,
  },
  {
    to: 'bob',
    from: '09061',
    text: 'FREE entry to our weekly draw! Win cash prizes every week. Reply WIN now. Std rates apply.',
    hoursAgo: 26,
  },
  {
    to: 'bob',
    from: '+15550105',
    text: 'Dentist reminder: your check-up is on Thursday at 09:30.',
    hoursAgo: 12,
  },
  { to: 'bob', from: '+15550106', text: 'Pizza or curry tonight? I vote curry 🍛', hoursAgo: 2 },
  {
    to: 'carol',
    from: '+15550107',
    text: 'Gracias por la cena de ayer, ¡todo estaba buenísimo!',
    hoursAgo: 70,
  },
  {
    to: 'carol',
    from: '88888',
    text: 'URGENT! Your mobile number has been selected for a cash award of $2000. Call 0906 now, winner!',
    hoursAgo: 8,
  },
  {
    to: 'carol',
    from: '+15550108',
    text: 'The plumber is coming between 2 and 4, can you be home?',
    hoursAgo: 3,
  },
];

/** Users the samples fill. */
export const SAMPLE_USERS = [...new Set(SAMPLE_SMS.map((s) => s.to))];

/**
 * Stores the samples unless a sample user already has messages (so restarts add nothing).
 *
 * @returns how many messages were stored (0 when already seeded and not forced).
 */
export async function seedSampleInboxes(
  storage: Storage,
  opts: { force?: boolean; now?: Date } = {},
): Promise<number> {
  if (!opts.force) {
    for (const user of SAMPLE_USERS) {
      const page = await storage.inboxes.listInbox(user, { limit: 1 });
      if (page.items.length > 0) return 0;
    }
  }
  const now = (opts.now ?? new Date()).getTime();
  for (const s of SAMPLE_SMS) {
    await storage.inboxes.insert({
      smsId: newSmsId(new Date(now - s.hoursAgo * 3_600_000)),
      recipientId: s.to,
      senderId: s.from,
      text: s.text,
    });
  }
  return SAMPLE_SMS.length;
}
