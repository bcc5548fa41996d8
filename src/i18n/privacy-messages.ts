import { w } from './words.js';

/** Personal data: the notice, /privacy, a person's own export and erasure. */
export const PRIVACY_MESSAGES = {
  errPrivacyEmail: w('“{email}” is not an email address.', '“{email}”不是有效的邮箱地址。'),
  errPrivacyWho: w('Give an email address or a mobile number.', '请填写邮箱地址或手机号码。'),
  errPrivacyCoordinator: w('Only coordinators answer personal-data requests made in person.', '仅协调员可处理当面提出的个人信息请求。'),
};
