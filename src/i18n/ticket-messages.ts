import { w } from './words.js';

/** Tickets, the ticket page and check-in by ticket. */
export const TICKET_MESSAGES = {
  errTicketMangled: w('This is not a ticket of this site: scan the QR code on the ticket again, or type the code under it.', '这不是本站的入场券：请重新扫描入场券上的二维码，或输入其下方的编码。'),
  errTicketOtherEvent: w('This ticket is for {title}, not this event.', '这张入场券属于“{title}”，不是本场活动的。'),
  ticketTitle: w('Ticket: {title}', '入场券：{title}'),
  ticketShow: w('Show this QR code at the door.', '入场时请出示此二维码。'),
  ticketCode: w('Code for checking in by hand: {code}', '手动签到编码：{code}'),
  ticketFor: w('For', '持券人'),
  ticketQrAlt: w('Ticket QR code', '入场券二维码'),
  ticketPrint: w('Print it, or keep this page open on your phone.', '可打印，或在手机上保留此页面。'),
  mailTicket: w('Your ticket (show its QR code at the door): {url}', '您的入场券（入场时出示二维码）：{url}'),
  mailTicketCode: w('If scanning fails, the code under the QR checks you in: {code}', '若扫码失败，可凭二维码下方的编码签到：{code}'),
};
