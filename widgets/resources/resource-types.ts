/**
 * The resource board's data as `civ-resource-board` receives it, from the types generated out of the OpenAPI
 * document (`listResources`, `getResource`, `postResource`, `contactResourceOwner`, `listMyThreads`…).
 */
import type { components } from '../core/api-schema.generated.ts';

type Schemas = components['schemas'];

/** The board's settings: its places, review before publication, expiry; it has no results. */
export type ResourcesSettings = Schemas['ResourcesSettings'] & { resultsVisibility?: undefined };
/** A post as the API sends it: the business's trade name, never its account, address or phone. */
export type ResourcePost = Schemas['ResourcePost'];
export type ResourcePage = Schemas['ResourcePage'];
export type Direction = ResourcePost['direction'];
export type ResourceKind = ResourcePost['kind'];
export type PostStatus = ResourcePost['status'];
export type Moderation = ResourcePost['moderation'];
/** A conversation through the board, as one of its two parties reads it. */
export type Thread = Schemas['ResourceThread'];
export type BusinessProfile = Schemas['BusinessProfile'];
/** The organisations that help businesses, as the board lists them: never their address. */
export type PartnerList = Schemas['PartnerList'];
export type Partner = Schemas['Partner'];

/** The business profile form's values (and its draft). */
export type ProfileValues = { tradeName: string; siret: string; sector: string; commune: string };

/** The post form's values (and its draft): every field a string, `paid` a boolean. */
export type PostValues = {
  direction: string;
  kind: string;
  title: string;
  description: string;
  quantity: string;
  periodStart: string;
  periodEnd: string;
  place: string;
  paid: boolean;
  /** The chosen picture's file name, for the form (the picture itself stays in memory). */
  image: string;
};

/** A message to a post's author, or a reply in a thread. */
export type MessageValues = { message: string; shareEmail: boolean };
