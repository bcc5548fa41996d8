import { plural, w } from './words.js';

/** The pages risky actions show before they act (publish, cancel an event, decline, a blackout that cancels bookings). */
export const CONFIRM_MESSAGES = {
  confirmNo: w('No, go back', '不，返回'),
  confirmPublishTitle: w('Publish “{title}”?', '发布“{title}”？'),
  confirmPublishPublic: w('Its page becomes public and anyone can register.', '活动页面将公开，任何人都可以报名。'),
  confirmPublishAudience: w('It is announced to {subscribers} and {channels}.', '将推送给 {subscribers}和 {channels}。'),
  confirmPublishYes: w('Yes, publish', '确认发布'),
  confirmCancelTitle: w('Cancel “{title}”?', '取消“{title}”？'),
  confirmCancelClosed: w('Its page says it is cancelled and registration closes; this cannot be undone.', '活动页面将显示已取消并停止报名，且无法恢复。'),
  confirmCancelAudience: w('{registrations}, {subscribers} told of it earlier and {channels} are told.', '将通知 {registrations}、此前收到通知的 {subscribers}和 {channels}。'),
  confirmCancelNobody: w('Nobody has been told of it yet, so nobody is told.', '尚未通知任何人，因此不会发送通知。'),
  confirmReasonGiven: w('The reason they read: “{reason}”', '通知中的原因：“{reason}”'),
  confirmCancelYes: w('Yes, cancel the event', '确认取消活动'),
  confirmDeclineTitle: w('Decline this venue request?', '拒绝这个场地申请？'),
  confirmDeclineWhat: w('{venue}, {when}: “{purpose}” ({organization})', '{venue}，{when}：“{purpose}”（{organization}）'),
  confirmDeclineMailed: w('{name} is mailed your reason: “{reason}”', '将把原因邮件告知 {name}：“{reason}”'),
  confirmDeclineYes: w('Yes, decline', '确认拒绝'),
  confirmBlackoutTitle: w('Close the venue and cancel approved bookings?', '关闭场地并取消已批准的预订？'),
  confirmBlackoutCancels: plural({ one: 'This approved booking is cancelled and its organizer told:', other: 'These {n} approved bookings are cancelled and their organizers told:' }, '以下 {n} 个已批准的预订将被取消，并通知其组织者：'),
  confirmBlackoutBooking: w('{when}: “{purpose}” ({organization})', '{when}：“{purpose}”（{organization}）'),
  confirmBlackoutEvents: plural(
    { one: 'This event on them is cancelled too; everyone registered, subscribers and partner channels are told:', other: 'These {n} events on them are cancelled too; everyone registered, subscribers and partner channels are told:' },
    '使用这些预订的以下 {n} 场活动也将取消，并通知所有报名者、订阅者和合作渠道：',
  ),
  confirmBlackoutEvent: plural({ one: '“{title}” ({n} person registered)', other: '“{title}” ({n} people registered)' }, '“{title}”（已有 {n} 人报名）'),
  confirmBlackoutYes: w('Yes, close it and cancel them', '确认关闭并取消'),
  nSubscribers: plural({ one: '{n} subscriber', other: '{n} subscribers' }, '{n} 位订阅者'),
  nChannels: plural({ one: '{n} partner channel', other: '{n} partner channels' }, '{n} 个合作渠道'),
  nRegistrations: plural({ one: '{n} registered person', other: '{n} registered people' }, '{n} 位报名者'),
};
