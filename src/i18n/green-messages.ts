import { w } from './words.js';

/** The green channel: service centres, the catalogue, slots and reservations. */
export const GREEN_MESSAGES = {
  errSlotPast: w('That time has passed.', '该时间已过。'),
  errSlotTooFar: w('Slots can be reserved up to {n} days ahead.', '最多可预约 {n} 天内的时段。'),
  errSlotClosed: w('The centre is closed that day ({name}).', '服务中心当天不办公（{name}）。'),
  errSlotNotOnGrid: w('That is not one of the day’s slots; choose a start time from the list.', '该时间不是当天可预约的时段，请从列表中选择开始时间。'),
  errSlotFull: w('That slot is full.', '该时段已约满。'),
  errReservedAlready: w('You already hold reservation {number} for this service, on {when}; cancel it before reserving another.', '您已预约该服务（编号 {number}，{when}），如需改约请先取消。'),
  errCreditCodeLength: w('A Unified Social Credit Code has 18 characters, not {length}.', '统一社会信用代码应为 18 位，而不是 {length} 位。'),
  errCreditCodeCharacter: w('Character {position} of the credit code, “{character}”, cannot appear in a credit code (no I, O, Z, S or V).', '信用代码第 {position} 位“{character}”不是有效字符（不含 I、O、Z、S、V）。'),
  errCreditCodeDivision: w('Characters 3–8 of the credit code are a region code of digits; character {position} is “{character}”.', '信用代码第 3–8 位为行政区划代码（数字），第 {position} 位是“{character}”。'),
  errCreditCodeCheck: w('The last character of the credit code should be “{expected}”, not “{character}”: a character was mistyped.', '信用代码最后一位应为“{expected}”，而不是“{character}”：可能有字符输入错误。'),
  mailReservationSubject: w('Reservation {number}: {service}', '预约成功 {number}：{service}'),
  mailReservationBody: w('Your reservation for {service} is confirmed.', '您预约的“{service}”已确认。'),
  mailReservationNumber: w('Reservation number: {number} (show the QR code or say the number at the counter)', '预约编号：{number}（在窗口出示二维码或报出编号）'),
  mailReservationWhere: w('Where: {centre}, {address}', '地点：{centre}，{address}'),
  mailReservationBring: w('Please bring: {bring}', '请携带：{bring}'),
};
