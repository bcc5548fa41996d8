import { w } from './words.js';

/** The scan page at the door (its script reads these from the page) and check-ins sent late. */
export const SCAN_MESSAGES = {
  errScannedAt: w('The scan time must be an ISO 8601 instant within the last 48 hours.', '扫码时间须为最近 48 小时内的 ISO 8601 时刻。'),
  errCheckInWho: w('Name the person once: one of registrationId, email or ticket.', '请只用一种方式指明签到人：报名编号、邮箱或入场券。'),
  scanTickets: w('Scan tickets', '扫码签到'),
  scanTitle: w('Scan tickets: {title}', '扫码签到：{title}'),
  scanNeedsScript: w('Scanning needs JavaScript, which this browser does not run. The check-in list works without it.', '扫码需要 JavaScript，此浏览器未启用。签到名单无需 JavaScript 也可使用。'),
  scanStartCamera: w('Start the camera', '打开摄像头'),
  scanNoCamera: w('The camera could not be opened: type the code under the QR or a name below.', '无法打开摄像头：请在下方输入二维码下方的编码或姓名。'),
  scanManual: w('Code under the QR, or a name', '二维码下方的编码或姓名'),
  scanCheck: w('Check', '核验'),
  scanNoMatch: w('No one with that code or name is registered for this event.', '本活动没有该编码或姓名的报名。'),
  scanOk: w('Checked in: {name}', '签到成功：{name}'),
  scanOkOffline: w('Checked in: {name} (offline: sent when the connection returns)', '签到成功：{name}（离线：联网后自动上传）'),
  scanAgain: w('{name} was already checked in at {time}', '{name} 已于 {time} 签到'),
  scanNoSeat: w('{name} has no confirmed seat ({status})', '{name} 没有已确认的名额（{status}）'),
  scanUnknown: w('This QR code is not a ticket for this event.', '此二维码不是本活动的入场券。'),
  scanEarlier: w('{name}: another phone had checked them in at {time}', '{name}：另一部手机已于 {time} 为其签到'),
  scanCount: w('{checkedIn} checked in · {seats} confirmed · {capacity} places', '已签到 {checkedIn} · 已确认 {seats} · 名额 {capacity}'),
  scanOnline: w('Online', '在线'),
  scanOffline: w('Offline, {n} waiting', '离线，{n} 条待上传'),
  scanSending: w('Sending {n} check-ins…', '正在上传 {n} 条签到…'),
  scanSignedOut: w('You were signed out: reload this page and sign in again. Check-ins made here are kept on this phone until then.', '登录已失效：请刷新本页并重新登录。此前的签到会保存在本机，届时上传。'),
};
