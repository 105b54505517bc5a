/**
 * The meeting presenter: every word the meeting cards show, from the use cases' outcomes and the
 * jobs' facts. `meetingPresenter` is the port the jobs and use cases queue cards through.
 */
import type { MeetingPresenter } from '../../services/ports/meetings.js';
import * as meeting from './present-meeting.js';
import * as register from './present-register.js';
import * as reviews from './present-reviews.js';

export const presentMeetings = {
  form: meeting.meetingForm,
  meeting: meeting.meetingCard,
  saved: meeting.saved,
  cancelled: meeting.cancelled,
  responded: meeting.responded,
  proxyAnswered: meeting.proxyAnswered,
  upcoming: meeting.upcoming,
  registerList: register.registerList,
  registerForm: register.registerForm,
  registerRecorded: register.registerRecorded,
  brief: reviews.brief,
  briefs: reviews.briefs,
  review: reviews.review,
  reviews: reviews.reviews,
  decided: reviews.decided,
  risks: reviews.risks,
};

export const meetingPresenter: MeetingPresenter = {
  notice: meeting.notice,
  news: meeting.news,
  quorumWarning: reviews.quorumWarning,
  brief: reviews.brief,
  review: (directory, facts) => reviews.review(directory, facts),
};
