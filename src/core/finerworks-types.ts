// The port to FinerWorks: the shapes on the wire (docs/finerworks-api.md) and the
// small interface the use cases depend on. The real client (finerworks-client.ts) speaks
// HTTP; the emulator (src/emulator) answers the same shapes.

import type { Guid, ImageFields } from './types.js';

export interface ResponseStatus {
  success: boolean;
  status_code?: number;
  message?: string;
  debug?: unknown;
  reference_id?: string;
}

/** One entry of `PUT /v3/update_images` `images`. */
export interface UpdateImageDetails extends ImageFields {
  guid: Guid;
}

export interface UpdateImagesRequest {
  images: UpdateImageDetails[];
  account_key: string | null;
}

export interface ImageLibrary {
  name: 'inventory' | 'temporary';
  session_id: string;
  account_key: string;
  site_id: number;
}

export interface ListImagesRequest {
  library: ImageLibrary;
  search_filter: string;
  guid_filter: Guid[] | null;
  page_number: number;
  per_page: number;
  sort_field: 'id' | 'title' | 'file_name' | 'file_size' | 'date_added';
  sort_direction: 'ASC' | 'DESC';
  upload_date_from: string | null;
  upload_date_to: string | null;
  list_products: boolean;
  active: boolean | null;
}

export interface ProductDetails {
  sku?: string;
  name?: string;
  product_code?: string;
  [key: string]: unknown;
}

export interface ImageDetails {
  id: number;
  guid: Guid;
  title: string;
  description: string;
  file_name?: string;
  file_size?: number;
  pix_w?: number;
  pix_h?: number;
  date_added?: string;
  active?: boolean;
  rank?: number;
  assigned_personal_gallery_ids?: number[];
  assigned_gallery_subcategory_ids?: number[];
  products?: ProductDetails[] | null;
  [key: string]: unknown;
}

export interface ListImagesResponse {
  status: ResponseStatus;
  images: ImageDetails[];
  page_number: number;
  per_page: number;
  count: number;
}

export interface UserAccount {
  account_id?: number;
  account_username?: string;
  account_email?: string;
  [key: string]: unknown;
}

export interface Credentials {
  webApiKey: string;
  appKey: string;
  accountKey: string | null;
}

/**
 * What fwsync needs from FinerWorks. Every method resolves only on a confirmed success
 * (HTTP 2xx, a JSON body, `status.success === true`) and otherwise throws a
 * FinerWorksError whose `class` says whether to retry, split or stop.
 */
export interface FinerWorksApi {
  updateImages(images: UpdateImageDetails[], signal?: AbortSignal): Promise<void>;
  listImages(
    request: Omit<ListImagesRequest, 'library'> & { library?: Partial<ImageLibrary> },
    signal?: AbortSignal,
  ): Promise<ListImagesResponse>;
  testMyCredentials(signal?: AbortSignal): Promise<UserAccount>;
}
