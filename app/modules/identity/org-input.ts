import { z } from "zod";
import { requiredText } from "#app/modules/platform/forms.ts";
import { organization } from "./schema.ts";

export const ordersOfGovernment = organization.orderOfGovernment.enumValues;

/** Name, order of government and jurisdiction: shared by create and settings forms. */
export const organizationFields = {
  nameEn: requiredText(200),
  nameFr: requiredText(200),
  orderOfGovernment: z.enum(ordersOfGovernment, { error: "orgSettings.errors.order" }),
  jurisdiction: requiredText(40).regex(/^[A-Za-z]{2}(-[A-Za-z0-9]{1,40})*$/, "orgSettings.errors.jurisdiction"),
};

export const slugField = () =>
  requiredText(60)
    .toLowerCase()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "admin.orgs.errors.slug");
