import { w } from './words.js';

/** A venue's own page: editing its details and opening hours. */
export const VENUE_MESSAGES = {
  zonesCommon: w('Common', '常用'),
  zonesAll: w('All time zones', '全部时区'),
  editVenue: w('Edit details and opening hours', '修改信息和开放时间'),
  editVenueTitle: w('Edit {name}', '修改：{name}'),
  openingHours: w('Opening hours', '开放时间'),
  openingHoursHelp: w('Local times in the venue’s zone. Leave a day empty to close it; a second span is for a break (e.g. 09:00–12:00 and 13:30–18:00); closing at 00:00 means open until midnight.', '按场地所在时区的当地时间填写。某天留空即为不开放；第二段用于午休等间隔（如 09:00–12:00 和 13:30–18:00）；结束时间填 00:00 表示开到午夜。'),
  opensAt: w('Opens', '开始'),
  closesAt: w('Closes', '结束'),
  closedDay: w('closed', '不开放'),
  venueActive: w('Open for requests (untick to take the venue out of the list; its bookings stay)', '接受申请（取消勾选则不再列出该场地，已有预订保留）'),
  openingHoursSet: w('Opening hours start as every day 08:00–22:00; change them on the venue’s page once it is added.', '开放时间默认为每天 08:00–22:00，添加后可在场地页面修改。'),
  wd_mon: w('Monday', '周一'),
  wd_tue: w('Tuesday', '周二'),
  wd_wed: w('Wednesday', '周三'),
  wd_thu: w('Thursday', '周四'),
  wd_fri: w('Friday', '周五'),
  wd_sat: w('Saturday', '周六'),
  wd_sun: w('Sunday', '周日'),
};
