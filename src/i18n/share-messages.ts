import { w } from './words.js';

/** Posters, QR codes and texts for sharing an event in WeChat. */
export const SHARE_MESSAGES = {
  shareHeading: w('Share', '分享'),
  shareHint: w('In WeChat, press and hold a picture to save it or send it to a chat.', '在微信中长按图片，可保存或转发给朋友。'),
  posterAlt: w('Poster of the event, with a QR code to this page', '活动海报，含本页二维码'),
  eventQrAlt: w('QR code to this page', '本页二维码'),
  shareWhen: w('Time: {when}', '时间：{when}'),
  shareWhere: w('Place: {place}', '地点：{place}'),
  shareRegister: w('Register here:', '报名链接：'),
  copyForWechat: w('Text for WeChat groups', '微信群转发文字'),
  copyForWechatHint: w('Select the text, copy it and paste it into a group: groups show no formatting, so it is plain lines with the link.', '全选并复制后粘贴到群聊：微信群不显示格式，因此是纯文字加链接。'),
  posterDownload: w('Poster (PNG)', '海报（PNG）'),
};
