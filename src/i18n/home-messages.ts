import { plural, w } from './words.js';

/** The home page each role lands on after signing in: what waits for them. */
export const HOME_MESSAGES = {
  homeTitle: w('What waits for you', '待办'),
  homeRequestsToDecide: w('Venue requests to decide', '待审批的场地申请'),
  homeRequestsWaiting: plural({ one: '{n} request waits for your decision.', other: '{n} requests wait for your decision.' }, '有 {n} 个申请等待你审批。'),
  homeOldestRequest: w('The oldest, asked {ago}: {venue}, {when} — {purpose}', '最早的一个（{ago}提交）：{venue}，{when}，{purpose}'),
  homeNothingToDecide: w('No request is waiting for a decision.', '没有等待审批的申请。'),
  homeOpenInbox: w('Open the requests inbox', '去审批'),
  homeMyRequests: w('My venue requests', '我的场地申请'),
  homeMyRequestsWaiting: plural({ one: '{n} request is waiting for the park.', other: '{n} requests are waiting for the parks.' }, '有 {n} 个申请在等园区审批。'),
  homeNoUpcomingRequests: w('No venue requested yet for the days ahead.', '接下来还没有申请场地。'),
  homeNextEvents: w('Your next events', '接下来的活动'),
  homeNoNextEvents: w('No event planned yet.', '还没有计划中的活动。'),
  homeSeats: w('{taken} of {capacity} seats taken', '已报名 {taken}/{capacity}'),
  homeDeliveries: w('Deliveries to partners and subscribers', '推送'),
  homeDeadDeliveries: plural({ one: '{n} delivery failed in the last {days} days.', other: '{n} deliveries failed in the last {days} days.' }, '近 {days} 天有 {n} 条推送失败。'),
  homeNoDeadDeliveries: w('No delivery failed in the last {days} days.', '近 {days} 天没有失败的推送。'),
  homeChannelOff: w('Channel “{name}” is switched off: {reason}', '渠道“{name}”已停用：{reason}'),
  homeSeeDeliveries: w('See the deliveries', '查看推送记录'),
  homeNewMembers: w('New members', '新成员'),
  homeNewMembersCount: plural({ one: '{n} member joined in the last {days} days.', other: '{n} members joined in the last {days} days.' }, '近 {days} 天新增 {n} 位成员。'),
  homeNoNewMembers: w('Nobody joined in the last {days} days.', '近 {days} 天没有新成员。'),
};
