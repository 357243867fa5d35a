package model

// Headlines are, per category, the indicators an official reads first, most
// important first: what a region attracted, produced and restored. The
// overview lists them before the rest, and its 要点 (highlights) tab
// gathers them across categories.
var Headlines = map[Category][]string{
	CategoryInvestment: {"funds_in_place", "funds_from_outside_province_in_place", "investment_amount_signed",
		"investment_projects_amount_signed", "new_out_of_province_projects_amount_signed", "lanzhou_fair_amount_signed",
		"investment_projects_signed", "investment_projects_implemented", "out_of_province_investment_projects_implemented",
		"new_projects_introduced", "top500_and_leading_firms_introduced", "projects_over_1bn_landed"},
	CategoryIndustry: {"industrial_value_added", "above_scale_industrial_value_added_growth", "gross_industrial_output",
		"fixed_asset_investment", "industrial_projects_signed", "key_industrial_chains"},
	CategoryDesertification: {"afforestation", "engineered_sand_fixation", "desertified_land_treated",
		"sand_control_afforestation", "forest_coverage", "volunteer_sand_pressing", "desertified_land_initially_controlled",
		"degraded_forest_restored", "degraded_grassland_restored"},
	CategoryMacro:       {"gdp", "gdp_growth"},
	CategoryFiscal:      {"general_budget_revenue"},
	CategoryEnergy:      {"new_energy_capacity"},
	CategoryTourism:     {"tourist_visits", "tourist_spending"},
	CategoryAgriculture: {"dairy_cattle_stock", "fresh_milk_daily_processing_capacity"},
	CategoryInnovation:  {"high_tech_enterprises", "rd_expenditure", "technology_contract_turnover"},
}

// HeadlineRank returns an indicator's place among its category's headlines
// (0 first), or -1 when it is not one.
func HeadlineRank(c Category, id string) int {
	for i, h := range Headlines[c] {
		if h == id {
			return i
		}
	}
	return -1
}
