import { w } from './words.js';

/** Feedback after an event: the mail, the survey page, the figures. */
export const FEEDBACK_MESSAGES = {
  mailFeedbackSubject: w('How was {title}?', '“{title}”感觉如何？'),
  mailFeedbackBody: w('Thank you for coming to {title}. Three short questions help the organizers make the next one better.', '感谢您参加“{title}”。三个简短的问题，帮助主办方把下一场办得更好。'),
  mailFeedbackLink: w('Answer (and change your answer within 14 days): {url}', '填写反馈（14 天内可修改）：{url}'),
  errFeedbackNotAttended: w('Only people who came to the event are asked about it.', '只有到场签到的参与者才会收到反馈邀请。'),
  errFeedbackRating: w('Give a rating from 1 to 5.', '请给出 1 到 5 的评分。'),
  errFeedbackRecommend: w('How likely you are to recommend it is a number from 0 to 10.', '推荐意愿请选择 0 到 10。'),
  errFeedbackComment: w('A comment has at most {n} characters.', '意见最多 {n} 个字。'),
  feedbackTitle: w('Feedback: {title}', '活动反馈：{title}'),
  feedbackRating: w('How was it? (1 = poor, 5 = excellent)', '总体评价（1 = 很差，5 = 很好）'),
  feedbackRecommend: w('How likely are you to recommend an event like this to a friend? (0 = not at all, 10 = certainly)', '您有多大可能向朋友推荐类似活动？（0 = 完全不会，10 = 一定会）'),
  feedbackComment: w('Anything else? (optional)', '其他意见（选填）'),
  feedbackSend: w('Send', '提交'),
  feedbackThanks: w('Thank you — your answer is saved. You can change it here until the link expires.', '感谢您的反馈，已保存。链接有效期内可在此修改。'),
  feedbackHeading: w('Feedback', '参与者反馈'),
  feedbackFigures: w('{responses} of {asked} attendees answered · mean rating {rating} · NPS {nps}', '{asked} 位到场者中 {responses} 位作答 · 平均评分 {rating} · 净推荐值 {nps}'),
  feedbackNotYet: w('Attendees who checked in are asked for feedback shortly after the end.', '活动结束后不久，将邀请签到的参与者填写反馈。'),
  feedbackNone: w('No answers yet.', '尚无反馈。'),
  feedbackResponses: w('Feedback answers', '反馈份数'),
  meanRating: w('Mean rating', '平均评分'),
  responseRate: w('Feedback response rate', '反馈率'),
};
