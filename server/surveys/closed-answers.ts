import type { Answers } from './surveys.schemas.ts';

/**
 * The closed answers of a response: option ids, lists of option ids, scale and number values. Free text goes:
 * a citizen may write anything there, a name or a phone number included, so it cannot outlive the link to
 * the person (account erasure) or the consultation's retention end.
 *
 * A string is kept only when the response's own counter keys hold it (a single-choice option id); free text is
 * never a counter key. Judging by the keys recorded at submission, not by today's questions, means a question
 * edited since cannot turn a free text into a "closed" answer.
 *
 * @example
 * closedAnswers({ mode: 'velo', idee: 'Jean Dupont 0612345678', note: 7 }, tally); // { mode: 'velo', note: 7 }
 */
export function closedAnswers(answers: Answers, tally: readonly { questionId: string; value: string }[]): Answers {
  const keys = new Set(tally.map((d) => `${d.questionId}\u0000${d.value}`));
  return Object.fromEntries(Object.entries(answers).filter(([questionId, value]) => typeof value !== 'string' || keys.has(`${questionId}\u0000${value}`)));
}
