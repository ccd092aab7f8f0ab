import { css } from 'lit';

/** The signed-in layout of `civ-account`: header, section tabs, groups, avatar, deletion. Adopted when the dashboard loads. */
export const dashboardStyles = css`
  /* By rank, whatever their level: sections, then their parts. */
  #section-title {
    font-size: 1.25em;
  }
  section :is(h3, h4):not(#section-title) {
    font-size: 1.1em;
    margin-top: calc(var(--_space) * 2);
  }
  section {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  fieldset {
    display: grid;
    gap: calc(var(--_space) * 2);
    margin: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    min-width: 0;
  }
  legend {
    font-weight: 700;
    padding: 0 var(--_space);
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    justify-content: space-between;
    align-items: center;
  }
  .who {
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  /* Four tabs in a row where they fit (their words wrap inside a tab), two rows of two where they do not:
     never one tab alone on a row. */
  nav ul {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 8.5rem), 1fr));
    gap: var(--_space);
    margin: 0;
    padding: 0;
    list-style: none;
    border-bottom: 1px solid var(--_border);
  }
  .tab {
    border-color: transparent;
    background: none;
    color: var(--_primary);
    border-radius: var(--_radius) var(--_radius) 0 0;
    padding-inline: var(--_space);
  }
  .tab[aria-current='true'] {
    border-bottom: 4px solid var(--_primary);
    font-weight: 700;
  }
  .avatar-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .avatar-row img {
    border-radius: 50%;
    border: 1px solid var(--_border);
  }
  .avatar-row input {
    min-width: 0;
    max-width: 100%;
  }
  .participations,
  .consequences {
    margin: 0;
    padding-left: 1.25em;
  }
  .danger-zone {
    display: grid;
    gap: calc(var(--_space) * 2);
    border-top: 1px solid var(--_border);
  }
  .danger {
    border-color: var(--_error);
    background: var(--_error);
  }
  .danger.secondary {
    background: var(--_surface);
    color: var(--_error);
  }
`;
