import { define } from '../core/define.ts';
import { CivSurvey } from './survey.element.ts';

export { CivSurvey };

define('civ-survey', CivSurvey);

declare global {
  interface HTMLElementTagNameMap {
    'civ-survey': CivSurvey;
  }
}
