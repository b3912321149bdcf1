package org.cdnbilling.support.cockpit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Camunda Cockpit as an operator uses it, page by page, in a real browser. Every step waits for what the
 * page shows, never for a fixed time. With a screenshot folder, {@link #screenshot} saves the page as a
 * PNG (the runbook's pictures); without one it does nothing.
 */
public class Cockpit {

    private static final By SEARCH_INPUT = By.cssSelector("[cam-widget-search] input.main-field");
    private static final By INSTANCE_ROWS = By.cssSelector("[cam-searchable-area] tbody tr");
    private static final By INCIDENT_MESSAGE = By.cssSelector("td.message a");
    private static final By MODAL = By.cssSelector(".modal-dialog");

    private final WebDriver browser;
    private final String baseUrl;
    private final WebDriverWait wait;
    private final Path screenshots;

    public Cockpit(WebDriver browser, int port, Path screenshots) {
        this.browser = browser;
        this.baseUrl = "http://localhost:" + port + "/camunda/app/cockpit/default/";
        this.wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        this.wait.ignoring(StaleElementReferenceException.class, ElementClickInterceptedException.class);
        this.screenshots = screenshots;
    }

    public void logIn(String user, String password) {
        browser.get(baseUrl);
        visible(By.cssSelector("input[ng-model=username]")).sendKeys(user);
        visible(By.cssSelector("input[ng-model=password]")).sendKeys(password);
        click(By.cssSelector("button[type=submit]"));
        visible(By.linkText("Processes"));
    }

    /** The Processes page: every deployed process with its running instances and incidents. */
    public String processesOverview() {
        return processesOverview("CDN service activation");
    }

    /** The row of one process on the Processes page: running instances, incidents, key, name. */
    public String processesOverview(String processName) {
        browser.get(baseUrl + "#/processes");
        By row = By.xpath("//a[normalize-space()='" + processName + "']/ancestor::tr");
        return wait.until(page -> page.findElement(row).getText().trim());
    }

    /**
     * The ids of the activities the open instance is at, as its diagram marks them (the badge of running activity
     * instances on each).
     */
    public List<String> runningActivities() {
        By badges = By.cssSelector(".djs-overlays .badge");
        return wait.until(page -> {
            List<String> ids = new ArrayList<>();
            for (WebElement badge : page.findElements(badges)) {
                WebElement overlays = badge.findElement(By.xpath("ancestor::div[contains(@class,'djs-overlays')]"));
                String id = overlays.getAttribute("data-container-id");
                if (id != null && !ids.contains(id) && !badge.getText().isBlank()) {
                    ids.add(id);
                }
            }
            return ids.isEmpty() ? null : ids;
        });
    }

    /** Opens a process's page, once its running instances are listed. */
    public void openProcess(String name) {
        browser.get(baseUrl + "#/processes");
        click(By.linkText(name));
        wait.until(page -> !rowTexts().isEmpty());
        visible(By.cssSelector("[cam-widget-search] .total-results"));
    }

    /**
     * Filters the running instances of the open process by business key, as an operator does in the search
     * bar: type "Business Key", pick it from the suggestions, type the key. If the page was not ready for a
     * step (Cockpit renders asynchronously, and may replace the value field between finding it and typing
     * into it), the steps are taken again.
     */
    public List<String> instancesWithBusinessKey(String businessKey) {
        By businessKeyCriterion = By.xpath("//ul[contains(@class,'dropdown-menu')]//a[normalize-space()='Business Key']");
        By valueInput = By.cssSelector("[cam-widget-search] input[ng-model='formData.editValue']");
        new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
                .ignoring(TimeoutException.class).ignoring(ElementNotInteractableException.class).until(page -> {
            List<WebElement> open = page.findElements(valueInput);
            WebElement value;
            if (!open.isEmpty() && open.get(0).isDisplayed()) {
                value = open.get(0);
            } else {
                WebElement search = page.findElement(SEARCH_INPUT);
                search.click();
                search.clear();
                search.sendKeys("Business Key");
                new WebDriverWait(page, Duration.ofSeconds(5)).until(
                        ExpectedConditions.elementToBeClickable(businessKeyCriterion)).click();
                value = new WebDriverWait(page, Duration.ofSeconds(5)).until(
                        ExpectedConditions.visibilityOfElementLocated(valueInput));
            }
            value.sendKeys(businessKey, Keys.ENTER);
            return true;
        });
        wait.until(ExpectedConditions.urlContains("%22value%22:%22" + businessKey + "%22"));
        wait.until(page -> {
            List<String> rows = rowTexts();
            return !rows.isEmpty() && rows.stream().allMatch(row -> row.endsWith(" " + businessKey));
        });
        return rowTexts();
    }

    /** Opens the first listed instance; Cockpit shows its incidents first when it has any. */
    public void openFirstListedInstance() {
        click(By.cssSelector("[cam-searchable-area] tbody tr a"));
        visible(By.linkText("Variables"));
    }

    public String businessKeyOfOpenInstance() {
        return visible(By.cssSelector("dd.business-key")).getText().trim();
    }

    /** The incident's message, shown in full while the pointer rests on it. */
    public String incidentMessage() {
        showIncidents();
        return wait.until(page -> {
            WebElement message = page.findElement(INCIDENT_MESSAGE);
            new Actions(page).moveToElement(message).perform();
            return message.getText().trim();
        });
    }

    /** Opens the incident's stack trace (a click on its message); its first line is the message. */
    public String openStacktrace() {
        showIncidents();
        click(INCIDENT_MESSAGE);
        By stacktrace = By.cssSelector(".modal-dialog textarea");
        String text = wait.until(page -> {
            String value = page.findElement(stacktrace).getAttribute("value");
            return value == null || value.isBlank() ? null : value;
        });
        awaitDialogShown();
        return text;
    }

    public void closeStacktrace() {
        click(By.xpath("//div[contains(@class,'modal-footer')]//button[normalize-space()='Close']"));
        wait.until(ExpectedConditions.numberOfElementsToBe(MODAL, 0));
    }

    /** The Variables tab: name to value. */
    public Map<String, String> variables() {
        click(By.linkText("Variables"));
        By rows = By.cssSelector("[cam-searchable-area] tbody tr");
        return wait.until(page -> {
            Map<String, String> variables = new LinkedHashMap<>();
            for (WebElement row : page.findElements(rows)) {
                List<WebElement> cells = row.findElements(By.tagName("td"));
                variables.put(cells.get(0).getText().trim(), cells.get(2).getAttribute("textContent").trim());
            }
            return variables.size() >= 4 ? variables : null;
        });
    }

    /** Opens the retry dialog of the incident (the job's retries are incremented on {@link #confirmRetry}). */
    public void openRetryDialog() {
        showIncidents();
        click(By.cssSelector("a[ng-click='openJobRetryDialog(incident)']"));
        visible(By.cssSelector(".modal-dialog button[ng-click='incrementRetry()']"));
        awaitDialogShown();
    }

    public void confirmRetry() {
        click(By.cssSelector(".modal-dialog button[ng-click='incrementRetry()']"));
        visible(By.xpath("//div[contains(@class,'modal-body')]//*[contains(normalize-space(),"
                + "'has been incremented successfully')]"));
        closeDialog();
    }

    /**
     * Reloads the instance's page, as an operator presses F5, until Cockpit says the instance has completed.
     *
     * @return what Cockpit says
     */
    public String awaitInstanceCompleted(Duration timeout) {
        String instancePage = browser.getCurrentUrl();
        By completed = By.xpath("//*[contains(@class,'notification') or contains(@class,'alert')]"
                + "//*[contains(normalize-space(),'has been completed')]");
        return new WebDriverWait(browser, timeout, Duration.ofSeconds(2))
                .ignoring(StaleElementReferenceException.class).until(page -> {
            List<WebElement> notes = page.findElements(completed);
            if (!notes.isEmpty() && notes.get(0).isDisplayed()) {
                return notes.get(0).getText().trim();
            }
            page.get(instancePage);
            page.navigate().refresh();
            return null;
        });
    }

    /**
     * Opens the dialog that deletes (cancels) the running instance.
     *
     * @return whether "Skip Custom Listeners" is ticked, as Cockpit proposes
     */
    public boolean openCancelDialog() {
        click(By.cssSelector("a[uib-tooltip='Delete running process instance']"));
        visible(By.cssSelector(".modal-dialog button[ng-click='cancelProcessInstance()']"));
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector(".modal-dialog button[ng-click='cancelProcessInstance()']")));
        awaitDialogShown();
        return browser.findElement(By.cssSelector(".modal-dialog input[name=skipCustomListeners]")).isSelected();
    }

    /** @return what Cockpit says once the instance is deleted */
    public String confirmCancel() {
        click(By.cssSelector(".modal-dialog button[ng-click='cancelProcessInstance()']"));
        String outcome = visible(By.xpath("//div[contains(@class,'modal-body')]//p[contains(normalize-space(),"
                + "'deleted successfully')]")).getText().trim();
        closeDialog();
        return outcome;
    }

    /** Saves the browser's page as {@code <name>.png} in the screenshot folder, if there is one. */
    public void screenshot(String name) {
        if (screenshots != null) {
            saveScreenshot(screenshots.resolve(name + ".png"));
        }
    }

    public void saveScreenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void showIncidents() {
        if (browser.findElements(INCIDENT_MESSAGE).isEmpty()) {
            click(By.linkText("Incidents"));
        }
        visible(INCIDENT_MESSAGE);
    }

    /** Waits until the dialog has faded and slid in, so that a picture shows it as an operator sees it. */
    private void awaitDialogShown() {
        wait.until(page -> (Boolean) ((JavascriptExecutor) page).executeScript("""
                const modal = document.querySelector('.modal');
                const dialog = document.querySelector('.modal-dialog');
                if (!modal || !dialog) { return false; }
                const transform = getComputedStyle(dialog).transform;
                return getComputedStyle(modal).opacity === '1'
                    && (transform === 'none' || transform === 'matrix(1, 0, 0, 1, 0, 0)');
                """));
    }

    private void closeDialog() {
        click(By.xpath("//div[contains(@class,'modal-footer')]//button[normalize-space()='OK']"));
        wait.until(ExpectedConditions.numberOfElementsToBe(MODAL, 0));
    }

    private List<String> rowTexts() {
        return browser.findElements(INSTANCE_ROWS).stream().map(WebElement::getText).map(String::trim)
                .filter(text -> !text.isEmpty()).toList();
    }

    private WebElement visible(By locator) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Clicks once the element can take it, again if the page re-rendered it meanwhile. */
    private void click(By locator) {
        wait.until(page -> {
            WebElement element = ExpectedConditions.elementToBeClickable(locator).apply(page);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }
}
