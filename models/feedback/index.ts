/** Users' verdicts on their messages, stored as labels for training (`reportSpam`). */
export {
  LABEL_VALUES,
  labelOfValue,
  labelRowOf,
  readReports,
  reportLabel,
  type SpamReport,
} from './reportLabel';
